import { memo } from 'react';
import type { Conversation } from '../api/types';
import { useI18n } from '../i18n';
import { formatFull, relativeTime } from '../lib/time';
import { BotStatusBadge } from './BotStatusBadge';
import { StatusBadge } from './StatusBadge';
import { RiskBadge } from './RiskBadge';
import { WrapUpPendingBadge } from './WrapUpPendingBadge';

interface Props {
  conversation: Conversation;
  now: number;
  selected: boolean;
  unread: boolean;
  // The person has waited long enough for my reply that the pane suggests 「少々お待ちください」.
  nudge: boolean;
  onSelect: (id: number) => void;
}

export const ConversationRow = memo(function ConversationRow({ conversation: c, now, selected, unread, nudge, onSelect }: Props) {
  const { lang, t } = useI18n();
  return (
    <li>
      <button
        type="button"
        className="conversation-row"
        data-testid="conversation-row"
        data-conversation-id={c.id}
        data-status={c.status}
        data-unread={unread}
        data-nudge={nudge}
        data-wrapup-pending={c.status === 'closed' && c.wrap_up_pending === true}
        data-risk-level={c.risk_level ?? 0}
        data-bot-status={c.bot_status ?? 'none'}
        aria-current={selected ? 'true' : undefined}
        onClick={() => onSelect(c.id)}
      >
        <span className="row-top">
          <span className="row-name">{c.client_pseudonym}</span>
          {unread && (
            <span className="unread-dot" data-testid="unread-dot">
              <span className="visually-hidden">{t('list.unread')}</span>
            </span>
          )}
          <time className="row-time" dateTime={c.last_message_at} title={formatFull(c.last_message_at, lang)}>
            {relativeTime(c.last_message_at, now, lang, t)}
          </time>
        </span>
        <span className="row-bottom">
          <StatusBadge status={c.status} />
          {c.bot_status === 'running' && <BotStatusBadge status={c.bot_status} testId="bot-marker" />}
          <RiskBadge level={c.risk_level} categories={c.risk_categories} />
          <span className="row-assignee">
            {c.assigned_staff_name ? t('list.assignee', { name: c.assigned_staff_name }) : t('list.unassigned')}
          </span>
          {c.client_blocked && <span className="badge badge-blocked">{t('list.blocked')}</span>}
          {nudge && (
            <span className="badge badge-nudge" data-testid="nudge-marker" title={t('nudge.markerTitle')}>
              {t('nudge.marker')}
            </span>
          )}
          {c.status === 'closed' && c.wrap_up_pending && <WrapUpPendingBadge />}
        </span>
      </button>
    </li>
  );
});
