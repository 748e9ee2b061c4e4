// A message's text with the analyzer's spans marked, and a small expandable note with its
// reasons. Spans are UTF-8 byte offsets (see lib/risk.ts).
import type { MessageRisk } from '../api/types';
import { useI18n } from '../i18n';
import { categoriesLabel, highlightSegments, levelLabel, markKind } from '../lib/risk';

export function RiskText({ text, risk }: { text: string; risk: MessageRisk | null | undefined }) {
  const { t } = useI18n();
  const kind = markKind(risk);
  if (!risk || kind === null) return <p className="message-text">{text}</p>;
  const segments = highlightSegments(text, risk.spans);
  return (
    <p className="message-text">
      {segments.map((s, i) =>
        s.marked ? (
          <mark
            key={i}
            className={kind === 'risk' ? `risk-mark risk-mark-${Math.min(3, Math.max(0, risk.level))}` : 'risk-mark-signal'}
            data-testid={kind === 'risk' ? 'risk-span' : 'risk-signal-span'}
            title={kind === 'risk' ? t('risk.markLabel') : t('risk.signalMarkLabel')}
          >
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </p>
  );
}

export function RiskNote({ risk }: { risk: MessageRisk | null | undefined }) {
  const { t } = useI18n();
  const kind = markKind(risk);
  if (!risk || kind === null) return null;
  const signals = risk.signals.length > 0 && (
    <p className="risk-signal" data-testid="risk-signal">
      {t('risk.signal', { categories: categoriesLabel(risk.signals, t) })}
    </p>
  );
  if (kind === 'signal') return <div className="risk-note-wrap">{signals}</div>;
  const cats = categoriesLabel(risk.categories, t);
  const level = levelLabel(risk.level, t);
  return (
    <div className="risk-note-wrap">
      <details className={`risk-note risk-note-${Math.min(3, Math.max(0, risk.level))}`} data-testid="risk-note" data-level={risk.level}>
        <summary>
          {cats
            ? t('risk.note.summaryCategories', { level, categories: cats })
            : t('risk.note.summary', { level })}
        </summary>
        {risk.reasons.length > 0 && (
          <>
            <p className="risk-note-heading">{t('risk.note.reasons')}</p>
            <ul className="risk-reasons">
              {risk.reasons.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
          </>
        )}
        <p className="risk-note-disclaimer">{t('risk.note.disclaimer')}</p>
      </details>
      {signals}
    </div>
  );
}
