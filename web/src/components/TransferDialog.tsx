// The transfer button's dialog: hand the conversation to another counselor or a supervisor, or
// return it to the queue, with an optional note that stays in the conversation for staff. The
// targets are loaded on every opening, so their load is current; a counselor at the limit is
// shown but cannot be chosen. A refusal shows the server's message and the dialog stays open.
import { useEffect, useId, useState } from 'react';
import { api } from '../api/client';
import type { Conversation, TransferRequest, TransferTargets } from '../api/types';
import { useModalDialog } from '../hooks/useModalDialog';
import { useI18n } from '../i18n';
import { describeError } from '../lib/errors';
import {
  isAtLimit,
  noteLength,
  targetLabel,
  toTransferRequest,
  transferNoteCharsMax,
  type TransferChoice,
} from '../lib/transfer';

interface Props {
  open: boolean;
  conversation: Conversation;
  onSubmit: (body: TransferRequest) => Promise<unknown>;
  onCancel: () => void;
}

export function TransferDialog({ open, conversation, onSubmit, onCancel }: Props) {
  const { lang, t } = useI18n();
  const ref = useModalDialog(open);
  const id = useId();
  const [targets, setTargets] = useState<TransferTargets | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [choice, setChoice] = useState<TransferChoice>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setChoice(null);
    setNote('');
    setError(null);
    setTargets(null);
    setLoadError(null);
    const controller = new AbortController();
    api.transferTargets(controller.signal).then(setTargets, (e: unknown) => {
      if (!controller.signal.aborted) setLoadError(describeError(e, lang, t));
    });
    return () => controller.abort();
    // Reload only when the dialog opens, not when the language changes.
  }, [open]);

  const length = noteLength(note);
  const body = toTransferRequest(choice, note);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (body === null || length > transferNoteCharsMax) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit(body);
    } catch (e) {
      setError(describeError(e, lang, t));
    } finally {
      setBusy(false);
    }
  }

  const limit = targets?.concurrent_per_counselor ?? 0;

  return (
    <dialog
      ref={ref}
      className="dialog dialog-wide"
      data-testid="transfer-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <form onSubmit={submit} className="wrapup-form">
        <h2 id={`${id}-title`} className="dialog-title">
          {t('transfer.title')}
        </h2>
        <p>{t('transfer.lead', { name: conversation.client_pseudonym })}</p>
        {loadError && (
          <p className="alert alert-error" role="alert">
            {loadError}
          </p>
        )}
        {!targets && !loadError && <p role="status">{t('transfer.loading')}</p>}
        {targets && (
          <fieldset className="wrapup-fieldset">
            <legend>{t('transfer.to')}</legend>
            <div className="transfer-choices">
              {targets.staff.length === 0 && <p className="muted">{t('transfer.none')}</p>}
              {targets.staff.map((target) => {
                const full = isAtLimit(target, limit);
                return (
                  <label key={target.id} className={full ? 'wrapup-choice transfer-full' : 'wrapup-choice'}>
                    <input
                      type="radio"
                      name="transfer_target"
                      value={target.id}
                      data-testid="transfer-target"
                      data-staff-id={target.id}
                      disabled={full}
                      checked={choice?.kind === 'staff' && choice.id === target.id}
                      onChange={() => setChoice({ kind: 'staff', id: target.id })}
                    />
                    {targetLabel(target, limit, t)}
                  </label>
                );
              })}
              <label className="wrapup-choice">
                <input
                  type="radio"
                  name="transfer_target"
                  value="queue"
                  data-testid="transfer-queue"
                  checked={choice?.kind === 'queue'}
                  onChange={() => setChoice({ kind: 'queue' })}
                />
                {t('transfer.queue')}
              </label>
            </div>
          </fieldset>
        )}
        <label className="wrapup-summary">
          <span>{t('transfer.note')}</span>
          <textarea
            data-testid="transfer-note"
            rows={3}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <span className={length > transferNoteCharsMax ? 'wrapup-count wrapup-count-over' : 'wrapup-count'}>
            {t('transfer.noteCount', { n: length, max: transferNoteCharsMax })}
          </span>
        </label>
        {error && (
          <p className="alert alert-error" role="alert" data-testid="transfer-error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" data-testid="transfer-cancel" onClick={onCancel}>
            {t('confirm.cancel')}
          </button>
          <button
            type="submit"
            className="button button-primary"
            data-testid="transfer-submit"
            disabled={busy || body === null || length > transferNoteCharsMax}
          >
            {busy ? t('transfer.submitting') : t('transfer.submit')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
