// The right side: the open conversation, or a hint to pick one.
import { useRef } from 'react';
import type { ConsoleSettings, Conversation, Message, Staff, TransferRequest, WrapUpRequest } from '../api/types';
import { useConversationTemplates } from '../hooks/useConversationTemplates';
import { useNow } from '../hooks/useNow';
import { useI18n } from '../i18n';
import type { OpenConversation } from '../lib/consoleState';
import { describeError } from '../lib/errors';
import { isReplyNudgeDue, nudgeTemplateKey } from '../lib/nudge';
import { canRecordDisclosure, canReply } from '../lib/permissions';
import { templateForKey } from '../lib/templates';
import { ConversationHeader } from './ConversationHeader';
import { DisclosurePanel } from './DisclosurePanel';
import { EmergencyChecklist } from './EmergencyChecklist';
import { MessageTimeline } from './MessageTimeline';
import { ReplyBox, type ComposerHandle } from './ReplyBox';
import { ReplyNudge } from './ReplyNudge';
import { WrapUpView } from './WrapUpView';

// The nudge is in minutes; checking every 15 seconds shows it soon enough.
const nudgeTickMs = 15_000;

interface Props {
  staff: Staff;
  settings: ConsoleSettings;
  conversation: Conversation | undefined;
  open: OpenConversation;
  drafts: Map<number, string>;
  onBack: () => void;
  onRetry: () => void;
  onTake: (id: number) => Promise<void>;
  onClose: (id: number, wrapUp: WrapUpRequest) => Promise<Conversation>;
  onLateWrapUp: (id: number, wrapUp: WrapUpRequest) => Promise<Conversation>;
  onTransfer: (id: number, body: TransferRequest) => Promise<Conversation>;
  onSend: (id: number, text: string) => Promise<Message>;
  // Stream changes seen for the open conversation (reloads the emergency checklist).
  revision: number;
}

export function ConversationPane(props: Props) {
  const { lang, t } = useI18n();
  const { open, conversation } = props;
  // Templates are fetched for a conversation I may answer; the composer takes their bodies.
  const replyable = conversation !== undefined && canReply(props.staff, conversation);
  const templates = useConversationTemplates(replyable ? conversation.id : null);
  const composer = useRef<ComposerHandle>(null);
  const now = useNow(nudgeTickMs);

  if (open.id === null) {
    return (
      <div className="pane-empty">
        <p>{t('conv.none')}</p>
      </div>
    );
  }

  const loadError =
    open.status === 'error' ? (
      <div className="alert alert-error pane-error" role="alert">
        <p>{open.error?.code === 'not_found' ? t('conv.notFound') : describeError(open.error, lang, t)}</p>
        <button type="button" className="button" onClick={props.onRetry}>
          {t('conv.retry')}
        </button>
      </div>
    ) : null;

  const back = (
    <button type="button" className="button button-quiet back-button" onClick={props.onBack}>
      <span aria-hidden="true">← </span>
      {t('conv.back')}
    </button>
  );

  if (!conversation) {
    return (
      <div className="pane-empty">
        {back}
        {loadError ?? <p role="status">{t('conv.loading')}</p>}
      </div>
    );
  }

  return (
    <section
      className="conversation"
      aria-labelledby="conversation-title"
      data-testid="conversation-view"
      data-conversation-id={conversation.id}
      data-status={conversation.status}
    >
      {back}
      <ConversationHeader
        key={`header-${conversation.id}`}
        staff={props.staff}
        conversation={conversation}
        onTake={props.onTake}
        onClose={props.onClose}
        onLateWrapUp={props.onLateWrapUp}
        onTransfer={props.onTransfer}
      />
      {conversation.client_blocked && (
        <p className="alert alert-warning banner" role="note">
          {t('conv.blocked')}
        </p>
      )}
      {(conversation.risk_level >= 3 || canRecordDisclosure(props.staff)) && (
        <div className="conversation-tools">
          {conversation.risk_level >= 3 && (
            <EmergencyChecklist
              key={`emergency-${conversation.id}`}
              staff={props.staff}
              conversation={conversation}
              revision={props.revision}
            />
          )}
          {canRecordDisclosure(props.staff) && (
            <DisclosurePanel key={`disclosure-${conversation.id}`} conversation={conversation} />
          )}
        </div>
      )}
      <WrapUpView key={`wrapup-${conversation.id}`} conversation={conversation} />
      {loadError}
      <MessageTimeline conversationId={conversation.id} messages={open.messages} loading={open.status === 'loading'} />
      <ReplyNudge
        key={`nudge-${conversation.id}`}
        due={isReplyNudgeDue(conversation, props.staff.id, props.settings, now)}
        minutes={props.settings.reply_nudge_minutes}
        since={conversation.awaiting_reply_since ?? null}
        template={templateForKey(templates.templates, nudgeTemplateKey)}
        onInsert={(body) => composer.current?.insert(body)}
      />
      <ReplyBox
        key={`reply-${conversation.id}`}
        ref={composer}
        staff={props.staff}
        conversation={conversation}
        drafts={props.drafts}
        templates={templates}
        onSend={props.onSend}
      />
    </section>
  );
}
