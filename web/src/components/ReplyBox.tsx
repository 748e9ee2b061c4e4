// The composer: a textarea, the 定型文 menu (and Alt+1..9) that insert a template's body where
// the caret is, and the send button. Nothing is sent until the counselor presses send.
import {
  useEffect,
  useImperativeHandle,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
  type Ref,
} from 'react';
import type { Conversation, Message, Staff } from '../api/types';
import type { ConversationTemplates } from '../hooks/useConversationTemplates';
import { useI18n } from '../i18n';
import { describeError } from '../lib/errors';
import { replyCharsMax, replyProblem, textLength } from '../lib/messages';
import { isSteppingIn, replyBlockedReason } from '../lib/permissions';
import { insertText, shortcutOfKey, templateForShortcut } from '../lib/templates';
import { TemplateMenu } from './TemplateMenu';

// What the rest of the pane may do with the composer (the reply nudge inserts 「少々お待ちください」).
export interface ComposerHandle {
  insert: (text: string) => void;
}

interface Props {
  staff: Staff;
  conversation: Conversation;
  // Unsent text per conversation, so switching conversations loses nothing (memory only).
  drafts: Map<number, string>;
  templates: ConversationTemplates;
  onSend: (id: number, text: string) => Promise<Message>;
  ref?: Ref<ComposerHandle>;
}

const shortcut = /Mac|iPhone|iPad/.test(globalThis.navigator?.platform ?? '') ? '⌘+Enter' : 'Ctrl+Enter';

export function ReplyBox({ staff, conversation: c, drafts, templates, onSend, ref }: Props) {
  const { lang, t } = useI18n();
  const [text, setText] = useState(() => drafts.get(c.id) ?? '');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (text === '') drafts.delete(c.id);
    else drafts.set(c.id, text);
  }, [drafts, c.id, text]);

  const blocked = replyBlockedReason(staff, c);
  const problem = replyProblem(text);
  const length = textLength(text);

  // Where the caret is (or over the selection); the caret then follows the inserted text.
  function insert(body: string) {
    const el = input.current;
    if (!el || blocked || sending) return;
    const next = insertText(el.value, el.selectionStart, el.selectionEnd, body);
    setText(next.text);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(next.caret, next.caret);
    });
  }

  useImperativeHandle(ref, () => ({ insert }));

  async function send() {
    if (blocked || problem || sending) return;
    setSending(true);
    setError(null);
    try {
      await onSend(c.id, text);
      setText('');
    } catch (e) {
      setError(describeError(e, lang, t));
    } finally {
      setSending(false);
      requestAnimationFrame(() => input.current?.focus());
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void send();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.nativeEvent.isComposing) return; // the IME is still converting
    const shortcut = shortcutOfKey(event);
    if (shortcut !== null) {
      const template = templateForShortcut(templates.templates, shortcut);
      if (template) {
        event.preventDefault();
        insert(template.body);
      }
      return;
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    }
  }

  const hasTemplates = !blocked && templates.templates.length > 0;
  const describedBy = [
    'reply-counter',
    hasTemplates ? 'reply-template-hint' : null,
    blocked ? 'reply-blocked' : null,
    error ? 'reply-error' : null,
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <form className="reply" onSubmit={onSubmit} data-blocked={blocked !== null}>
      <label htmlFor="reply-input" className="reply-label">
        {t('reply.label')}
      </label>
      {blocked && (
        <p id="reply-blocked" className="reply-blocked" data-testid="reply-blocked">
          {t(blocked, { name: c.assigned_staff_name ?? '' })}
        </p>
      )}
      {!blocked && isSteppingIn(staff, c) && (
        <p className="reply-stepin">{t('reply.stepIn', { name: c.assigned_staff_name ?? '' })}</p>
      )}
      {hasTemplates && (
        <span id="reply-template-hint" className="visually-hidden">
          {t('templates.hint')}
        </span>
      )}
      <textarea
        id="reply-input"
        ref={input}
        data-testid="reply-input"
        className="reply-input"
        rows={4}
        value={text}
        placeholder={blocked ? '' : t('reply.placeholder', { shortcut })}
        disabled={blocked !== null}
        readOnly={sending}
        aria-invalid={problem === 'too_long'}
        aria-describedby={describedBy}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="reply-footer">
        <TemplateMenu
          state={templates.state}
          disabled={blocked !== null || sending}
          onChoose={(template) => insert(template.body)}
          onRetry={templates.retry}
        />
        <span
          id="reply-counter"
          className={`reply-counter${problem === 'too_long' ? ' reply-counter-over' : ''}`}
          data-testid="reply-counter"
        >
          {t('reply.counter', { n: length.toLocaleString(), max: replyCharsMax.toLocaleString() })}
          {problem === 'too_long' && <> — {t('reply.tooLong', { max: replyCharsMax.toLocaleString() })}</>}
        </span>
        {error && (
          <span id="reply-error" className="reply-error" role="alert" data-testid="reply-error">
            {error}
          </span>
        )}
        <button
          type="submit"
          className="button button-primary"
          data-testid="reply-send"
          disabled={blocked !== null || problem !== null || sending}
        >
          {sending ? t('reply.sending') : t('reply.send')}
        </button>
      </div>
    </form>
  );
}
