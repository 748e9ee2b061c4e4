import { memo } from 'react';
import type { Message } from '../api/types';
import { useI18n } from '../i18n';
import { imageUrl, postbackNote, quickReplies, unsupportedNote } from '../lib/content';
import { botChoiceValue, choiceLabel } from '../lib/intake';
import { senderKeys } from '../lib/labels';
import { localizeServerMessage } from '../lib/serverMessage';
import { formatClock, formatFull } from '../lib/time';
import { DeliveryBadge } from './DeliveryBadge';
import { RiskNote, RiskText } from './RiskText';

function side(m: Message): 'in' | 'out' | 'system' {
  if (m.sender_kind === 'system') return 'system';
  return m.direction === 'inbound' ? 'in' : 'out';
}

export const MessageItem = memo(function MessageItem({ message: m }: { message: Message }) {
  const { lang, t } = useI18n();
  const choice = botChoiceValue(m);
  const image = imageUrl(m);
  const replies = quickReplies(m);
  let content;
  let bubbleKind = m.content_kind === 'text' ? '' : ' bubble-note';
  if (choice !== null) {
    // A tap on a bot button: the person's choice, not the raw `bot:<node>:<value>` data.
    bubbleKind = ' bubble-choice';
    content = (
      <p className="choice-answer" data-testid="choice-answer" data-value={choice} title={t('message.buttonData', { data: m.text })}>
        <span className="choice-answer-label">{t('message.buttonAnswer')}</span>
        <span className="chip chip-answer" data-testid="choice-answer-value">
          {choiceLabel(choice, t)}
        </span>
      </p>
    );
  } else if (image !== null) {
    // An image the bot sent; its text describes it. A link rather than a thumbnail: the console's
    // Content-Security-Policy loads images from its own origin only.
    bubbleKind = '';
    content = (
      <>
        {m.text && <p className="message-text">{m.text}</p>}
        <a
          className="message-image-link"
          data-testid="message-image-link"
          href={image}
          target="_blank"
          rel="noopener noreferrer"
          title={m.text ? t('message.imageAlt', { text: m.text }) : undefined}
        >
          {t('message.openImage')}
        </a>
      </>
    );
  } else if (m.content_kind === 'text') {
    // System notes are written by the server as "日本語 / English", like its error messages.
    const text = m.sender_kind === 'system' ? localizeServerMessage(m.text, lang) : m.text;
    content = m.sender_kind === 'system' ? <p className="message-text">{text}</p> : <RiskText text={m.text} risk={m.risk} />;
  } else if (m.content_kind === 'postback') {
    content = <p className="message-note">{postbackNote(m, t)}</p>;
  } else {
    content = (
      <>
        <p className="message-note">{unsupportedNote(m, t)}</p>
        {m.text && <p className="message-note-detail">{m.text}</p>}
      </>
    );
  }
  return (
    <li
      className={`message message-${side(m)} message-${m.sender_kind}`}
      data-testid="message"
      data-message-id={m.id}
      data-direction={m.direction}
      data-sender-kind={m.sender_kind}
      data-content-kind={m.content_kind}
      data-content-type={m.content_type}
      data-delivery-state={m.delivery_state}
      data-risk-level={m.risk?.level ?? 0}
    >
      <div className="message-meta">
        <span className="message-sender">{m.sender_name || t(senderKeys[m.sender_kind])}</span>
        <time dateTime={m.created_at} title={formatFull(m.created_at, lang)}>
          {formatClock(m.created_at, lang)}
        </time>
      </div>
      <div
        className={`bubble${bubbleKind}${m.risk && m.risk.level > 0 ? ` bubble-risk bubble-risk-${Math.min(3, m.risk.level)}` : ''}`}
      >
        {content}
      </div>
      {replies.length > 0 && (
        <ul className="quick-replies" aria-label={t('message.choices')} data-testid="quick-replies">
          {replies.map((label, i) => (
            <li key={i} className="chip" data-testid="quick-reply">
              {label}
            </li>
          ))}
        </ul>
      )}
      {m.content_kind === 'text' && m.sender_kind !== 'system' && <RiskNote risk={m.risk} />}
      {m.direction === 'outbound' && (m.sender_kind !== 'system' || m.delivery_state === 'failed') && (
        <DeliveryBadge message={m} />
      )}
    </li>
  );
});
