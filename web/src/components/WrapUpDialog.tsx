// The wrap-up dialog (topics, the risk level, the outcome, an optional summary), in two modes:
// `close`, the close button's, where the wrap-up closes the conversation; and `late`, for a
// conversation the system closed (idle, closing time), whose wrap-up is written afterwards. The
// parent decides where it goes (POST .../close or .../late-wrap-up). The risk level starts at the
// conversation's suggested level; the counselor decides. On a 400 every reason the server gave is
// listed.
import { useEffect, useId, useState } from 'react';
import { api } from '../api/client';
import type { Conversation, WrapUpOptions, WrapUpRequest } from '../api/types';
import { useModalDialog } from '../hooks/useModalDialog';
import { useI18n, type MessageKey } from '../i18n';
import { describeError } from '../lib/errors';
import { endReasonLabel } from '../lib/labels';
import { riskLevelKeys } from '../lib/risk';
import {
  choiceLabel,
  initialDraft,
  reasonLines,
  summaryLength,
  toggleTopic,
  toRequest,
  type WrapUpDraft,
} from '../lib/wrapUp';

export type WrapUpMode = 'close' | 'late';

interface Props {
  open: boolean;
  mode: WrapUpMode;
  conversation: Conversation;
  onSubmit: (wrapUp: WrapUpRequest) => Promise<unknown>;
  onCancel: () => void;
}

const levels = [0, 1, 2, 3] as const;

// The words that differ between closing and writing a late wrap-up.
const texts: Record<WrapUpMode, { title: MessageKey; submit: MessageKey; busy: MessageKey; reasons: MessageKey }> = {
  close: { title: 'wrapup.title', submit: 'wrapup.submit', busy: 'conv.closing', reasons: 'wrapup.reasons' },
  late: { title: 'wrapup.late.title', submit: 'wrapup.late.submit', busy: 'wrapup.late.busy', reasons: 'wrapup.late.reasons' },
};

export function WrapUpDialog({ open, mode, conversation, onSubmit, onCancel }: Props) {
  const { lang, t } = useI18n();
  const ref = useModalDialog(open);
  const id = useId();
  const [options, setOptions] = useState<WrapUpOptions | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraft] = useState<WrapUpDraft>(() => initialDraft(conversation));
  const [busy, setBusy] = useState(false);
  const [reasons, setReasons] = useState<string[]>([]);

  // Each opening starts from the conversation's current suggestion.
  useEffect(() => {
    if (!open) return;
    setDraft(initialDraft(conversation));
    setReasons([]);
  }, [open]);

  useEffect(() => {
    if (!open || options) return;
    const controller = new AbortController();
    setLoadError(null);
    api.wrapUpOptions(controller.signal).then(setOptions, (e: unknown) => {
      if (!controller.signal.aborted) setLoadError(describeError(e, lang, t));
    });
    return () => controller.abort();
  }, [open, options, lang, t]);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setReasons([]);
    try {
      await onSubmit(toRequest(draft));
    } catch (e) {
      const lines = reasonLines(e, lang);
      setReasons(lines.length > 0 ? lines : [describeError(e, lang, t)]);
    } finally {
      setBusy(false);
    }
  }

  const max = options?.summary_chars_max ?? 2000;
  const words = texts[mode];
  const reason = endReasonLabel(conversation.end_reason, t);
  const length = summaryLength(draft.summary);

  return (
    <dialog
      ref={ref}
      className="dialog dialog-wide"
      data-testid="wrapup-dialog"
      data-mode={mode}
      aria-labelledby={`${id}-title`}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <form onSubmit={submit} className="wrapup-form">
        <h2 id={`${id}-title`} className="dialog-title">
          {t(words.title)}
        </h2>
        <p>
          {mode === 'close'
            ? t('wrapup.lead', { name: conversation.client_pseudonym })
            : t('wrapup.late.lead', { name: conversation.client_pseudonym, reason: reason ?? t('wrapup.late.bySystem') })}
        </p>
        {loadError && (
          <p className="alert alert-error" role="alert">
            {loadError}
          </p>
        )}
        {!options && !loadError && <p role="status">{t('wrapup.loading')}</p>}
        {options && (
          <>
            <fieldset className="wrapup-fieldset" data-testid="wrapup-topics">
              <legend>{t('wrapup.topics')}</legend>
              <div className="wrapup-choices">
                {options.topics.map((topic) => (
                  <label key={topic.code} className="wrapup-choice">
                    <input
                      type="checkbox"
                      name="topics"
                      value={topic.code}
                      data-testid={`wrapup-topic-${topic.code}`}
                      checked={draft.topics.includes(topic.code)}
                      onChange={() => setDraft((d) => toggleTopic(d, topic.code))}
                    />
                    {choiceLabel(topic, lang)}
                  </label>
                ))}
              </div>
            </fieldset>
            <fieldset className="wrapup-fieldset" data-testid="wrapup-risk">
              <legend>
                {t('wrapup.risk')}{' '}
                <span className="muted">
                  {t('wrapup.risk.suggested', { label: t(riskLevelKeys[initialDraft(conversation).riskLevel]) })}
                </span>
              </legend>
              <div className="wrapup-choices">
                {levels.map((level) => (
                  <label key={level} className="wrapup-choice">
                    <input
                      type="radio"
                      name="risk_level"
                      value={level}
                      data-testid={`wrapup-risk-${level}`}
                      checked={draft.riskLevel === level}
                      onChange={() => setDraft((d) => ({ ...d, riskLevel: level }))}
                    />
                    {level} {t(riskLevelKeys[level])}
                  </label>
                ))}
              </div>
            </fieldset>
            <fieldset className="wrapup-fieldset" data-testid="wrapup-outcome">
              <legend>{t('wrapup.outcome')}</legend>
              <div className="wrapup-choices">
                {options.outcomes.map((outcome) => (
                  <label key={outcome.code} className="wrapup-choice">
                    <input
                      type="radio"
                      name="outcome"
                      value={outcome.code}
                      data-testid={`wrapup-outcome-${outcome.code}`}
                      checked={draft.outcome === outcome.code}
                      onChange={() => setDraft((d) => ({ ...d, outcome: outcome.code }))}
                    />
                    {choiceLabel(outcome, lang)}
                  </label>
                ))}
              </div>
            </fieldset>
            <label className="wrapup-summary">
              <span>{t('wrapup.summary')}</span>
              <textarea
                data-testid="wrapup-summary"
                rows={4}
                value={draft.summary}
                onChange={(e) => setDraft((d) => ({ ...d, summary: e.target.value }))}
              />
              <span className={length > max ? 'wrapup-count wrapup-count-over' : 'wrapup-count'}>
                {t('wrapup.summaryCount', { n: length, max })}
              </span>
            </label>
          </>
        )}
        {reasons.length > 0 && (
          <div className="alert alert-error" role="alert" data-testid="wrapup-reasons">
            <p>{t(words.reasons)}</p>
            <ul>
              {reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </div>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" data-testid="wrapup-cancel" onClick={onCancel}>
            {t('confirm.cancel')}
          </button>
          <button
            type="submit"
            className={mode === 'close' ? 'button button-danger' : 'button button-primary'}
            data-testid="wrapup-submit"
            disabled={busy || !options}
          >
            {busy ? t(words.busy) : t(words.submit)}
          </button>
        </div>
      </form>
    </dialog>
  );
}
