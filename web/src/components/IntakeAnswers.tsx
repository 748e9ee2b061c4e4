// 「受付の回答」: what the person answered the chatbot, in words (lib/intake.ts).
import { useId } from 'react';
import type { Conversation } from '../api/types';
import { useI18n } from '../i18n';
import { intakeEntries } from '../lib/intake';

export function IntakeAnswers({ intake }: { intake: Conversation['intake'] | null | undefined }) {
  const { t } = useI18n();
  const id = useId();
  const entries = intakeEntries(intake, t);
  if (entries.length === 0) return null;
  return (
    <div className="intake" data-testid="intake" role="group" aria-labelledby={`${id}-heading`}>
      <span className="intake-heading" id={`${id}-heading`}>
        {t('intake.heading')}
      </span>
      <dl className="intake-list">
        {entries.map((e) => (
          <div key={e.key} className="intake-item" data-testid="intake-item" data-key={e.key} data-value={e.value}>
            <dt>{e.keyLabel}</dt>
            <dd>{e.valueLabel}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
