// The reply nudge: a polite banner when the person has waited `reply_nudge_minutes` for my
// answer, with a button that puts 「少々お待ちください」 (the please_wait template) into the
// composer. It never sends; it can be put away until the person writes again.
import { useState } from 'react';
import type { RenderedTemplate } from '../api/types';
import { useI18n } from '../i18n';

interface Props {
  due: boolean;
  minutes: number;
  // The first unanswered message's time: dismissing hides the banner until that changes.
  since: string | null;
  template: RenderedTemplate | null;
  onInsert: (body: string) => void;
}

export function ReplyNudge({ due, minutes, since, template, onInsert }: Props) {
  const { t } = useI18n();
  const [dismissedSince, setDismissedSince] = useState<string | null>(null);
  const shown = due && since !== null && since !== dismissedSince;

  // The live region stays in the page, so that the banner is announced when it appears.
  return (
    <div role="status" className="nudge-region">
      {shown && (
        <div className="nudge alert alert-warning" data-testid="reply-nudge">
          <p className="nudge-text">{t('nudge.text', { n: minutes })}</p>
          <div className="nudge-actions">
            {template && (
              <button
                type="button"
                className="button button-primary"
                data-testid="reply-nudge-insert"
                onClick={() => onInsert(template.body)}
              >
                {t('nudge.insert')}
              </button>
            )}
            <button
              type="button"
              className="button button-quiet"
              data-testid="reply-nudge-dismiss"
              onClick={() => setDismissedSince(since)}
            >
              {t('nudge.dismiss')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
