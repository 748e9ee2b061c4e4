// The messages of the open conversation, oldest first, grouped by day (Tokyo time).
// It follows the newest message unless the reader has scrolled up to read older ones.
import { Fragment, useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { Message } from '../api/types';
import { useI18n } from '../i18n';
import { formatDay, tokyoDayKey } from '../lib/time';
import { MessageItem } from './MessageItem';

interface Props {
  conversationId: number;
  messages: Message[];
  loading: boolean;
}

const nearBottomPx = 80;

export function MessageTimeline({ conversationId, messages, loading }: Props) {
  const { lang, t } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const [unseenBelow, setUnseenBelow] = useState(false);

  const scrollToEnd = useCallback(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
    following.current = true;
    setUnseenBelow(false);
  }, []);

  useLayoutEffect(() => {
    following.current = true;
    setUnseenBelow(false);
  }, [conversationId]);

  const last = messages[messages.length - 1];
  useLayoutEffect(() => {
    if (!last) return;
    // Our own reply always brings the view down; a client's message only when already there.
    if (following.current || (last.direction === 'outbound' && last.sender_kind === 'staff')) scrollToEnd();
    else setUnseenBelow(true);
  }, [last?.id, last, scrollToEnd]);

  function onScroll() {
    const el = scroller.current;
    if (!el) return;
    following.current = el.scrollHeight - el.scrollTop - el.clientHeight < nearBottomPx;
    if (following.current) setUnseenBelow(false);
  }

  let previousDay = '';
  return (
    <div className="timeline-wrap">
      <div className="timeline" ref={scroller} onScroll={onScroll} tabIndex={0} aria-label={t('timeline.label')}>
        {loading && messages.length === 0 && (
          <p className="timeline-message" role="status">
            {t('conv.loading')}
          </p>
        )}
        {!loading && messages.length === 0 && <p className="timeline-message">{t('timeline.empty')}</p>}
        <ol className="messages" role="log" aria-live="polite" aria-relevant="additions">
          {messages.map((m) => {
            const day = tokyoDayKey(m.created_at);
            const separator = day !== previousDay;
            previousDay = day;
            return (
              <Fragment key={m.id}>
                {separator && (
                  <li className="day-separator">
                    <span>{formatDay(m.created_at, lang)}</span>
                  </li>
                )}
                <MessageItem message={m} />
              </Fragment>
            );
          })}
        </ol>
      </div>
      {unseenBelow && (
        <button type="button" className="button jump-button" onClick={scrollToEnd}>
          {t('timeline.newMessages')}
        </button>
      )}
    </div>
  );
}
