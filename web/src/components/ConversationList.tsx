import type { Conversation, ConversationView } from '../api/types';
import { useI18n, type MessageKey } from '../i18n';
import { useNow } from '../hooks/useNow';
import { Tabs } from './Tabs';
import { ConversationRow } from './ConversationRow';

const emptyKeys: Record<ConversationView, MessageKey> = {
  waiting: 'list.empty.waiting',
  mine: 'list.empty.mine',
  all: 'list.empty.all',
};

interface Props {
  views: ConversationView[];
  view: ConversationView;
  onViewChange: (view: ConversationView) => void;
  rows: Conversation[] | null;
  counts: Record<ConversationView, number | null>;
  failed: boolean;
  onRetry: () => void;
  selectedId: number | null;
  onSelect: (id: number) => void;
  isUnread: (c: Conversation) => boolean;
  // Whether the reply nudge is due for a row, given the time now.
  isNudgeDue: (c: Conversation, nowMs: number) => boolean;
}

export function ConversationList(props: Props) {
  const { t } = useI18n();
  const now = useNow(30_000);
  const { rows, failed } = props;
  const panelId = 'conversation-panel';

  return (
    <nav className="conversation-nav" aria-label={t('list.label')}>
      <Tabs
        views={props.views}
        view={props.view}
        counts={props.counts}
        onChange={props.onViewChange}
        panelId={panelId}
      />
      <div className="list-panel" id={panelId} role="tabpanel" aria-labelledby={`tab-${props.view}`}>
        {failed && (
          <div className="list-message alert alert-error" role="alert">
            <p>{t('list.error')}</p>
            <button type="button" className="button" onClick={props.onRetry}>
              {t('list.retry')}
            </button>
          </div>
        )}
        {rows === null && !failed && (
          <p className="list-message" role="status">
            {t('list.loading')}
          </p>
        )}
        {rows !== null && rows.length === 0 && <p className="list-message">{t(emptyKeys[props.view])}</p>}
        <ul className="conversation-list" data-testid="conversation-list" data-view={props.view}>
          {rows?.map((c) => (
            <ConversationRow
              key={c.id}
              conversation={c}
              now={now}
              selected={c.id === props.selectedId}
              unread={props.isUnread(c)}
              nudge={props.isNudgeDue(c, now)}
              onSelect={props.onSelect}
            />
          ))}
        </ul>
      </div>
    </nav>
  );
}
