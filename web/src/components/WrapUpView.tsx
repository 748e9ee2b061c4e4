// The wrap-up of a closed conversation, read from the server: what the counselor recorded.
// Conversations the chatbot ended have none, and show nothing; nor do those the system closed
// until someone writes theirs (wrap_up_pending).
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Conversation, WrapUp, WrapUpOptions } from '../api/types';
import { useI18n } from '../i18n';
import { formatFull } from '../lib/time';
import { clampLevel, riskLevelKeys } from '../lib/risk';
import { labelOf, topicLabels } from '../lib/wrapUp';

interface Props {
  conversation: Conversation;
}

export function WrapUpView({ conversation }: Props) {
  const { lang, t } = useI18n();
  const [wrapUp, setWrapUp] = useState<WrapUp | null>(null);
  const [options, setOptions] = useState<WrapUpOptions | null>(null);
  const closed = conversation.status === 'closed';

  useEffect(() => {
    if (!closed) return;
    const controller = new AbortController();
    // 404: no wrap-up (the chatbot ended it); any failure leaves the view without it.
    api.wrapUp(conversation.id, controller.signal).then(setWrapUp, () => setWrapUp(null));
    api.wrapUpOptions(controller.signal).then(setOptions, () => {});
    return () => controller.abort();
    // A late wrap-up (wrap_up_pending turning false) is fetched as soon as it is written.
  }, [closed, conversation.id, conversation.closed_at, conversation.wrap_up_pending]);

  if (!closed || !wrapUp) return null;
  const level = clampLevel(wrapUp.risk_level);
  return (
    <section className="wrapup-view" data-testid="wrapup-view" aria-label={t('wrapup.view.title')}>
      <h3>{t('wrapup.view.title')}</h3>
      <dl className="conversation-facts">
        <div>
          <dt>{t('wrapup.view.topics')}</dt>
          <dd data-testid="wrapup-view-topics">{topicLabels(wrapUp, options, lang).join('、')}</dd>
        </div>
        <div>
          <dt>{t('wrapup.risk')}</dt>
          <dd data-testid="wrapup-view-risk">
            {level} {t(riskLevelKeys[level])}
          </dd>
        </div>
        <div>
          <dt>{t('wrapup.outcome')}</dt>
          <dd data-testid="wrapup-view-outcome">{labelOf(wrapUp.outcome, options?.outcomes ?? [], lang)}</dd>
        </div>
        <div>
          <dt>{t('wrapup.view.at')}</dt>
          <dd>
            <time dateTime={wrapUp.at}>{formatFull(wrapUp.at, lang)}</time>
          </dd>
        </div>
      </dl>
      {wrapUp.summary && (
        <p className="wrapup-view-summary" data-testid="wrapup-view-summary">
          {wrapUp.summary}
        </p>
      )}
    </section>
  );
}
