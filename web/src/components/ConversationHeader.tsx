import { useState } from 'react';
import type { Conversation, Staff, TransferRequest, WrapUpRequest } from '../api/types';
import { useI18n } from '../i18n';
import { describeError } from '../lib/errors';
import { endReasonLabel } from '../lib/labels';
import { canClose, canTake, canTransfer, canWriteLateWrapUp } from '../lib/permissions';
import { formatFull } from '../lib/time';
import { BotStatusBadge } from './BotStatusBadge';
import { IntakeAnswers } from './IntakeAnswers';
import { StatusBadge } from './StatusBadge';
import { RiskBadge } from './RiskBadge';
import { TransferDialog } from './TransferDialog';
import { WrapUpDialog, type WrapUpMode } from './WrapUpDialog';
import { WrapUpPendingBadge } from './WrapUpPendingBadge';

interface Props {
  staff: Staff;
  conversation: Conversation;
  onTake: (id: number) => Promise<void>;
  onClose: (id: number, wrapUp: WrapUpRequest) => Promise<Conversation>;
  onLateWrapUp: (id: number, wrapUp: WrapUpRequest) => Promise<Conversation>;
  onTransfer: (id: number, body: TransferRequest) => Promise<Conversation>;
}

export function ConversationHeader({ staff, conversation: c, onTake, onClose, onLateWrapUp, onTransfer }: Props) {
  const { lang, t } = useI18n();
  const [busy, setBusy] = useState<'take' | 'close' | 'wrapup' | 'transfer' | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Which wrap-up the dialog is writing: the one that closes, or a late one; null when shut.
  const [wrapUp, setWrapUp] = useState<WrapUpMode | null>(null);
  const [transferring, setTransferring] = useState(false);

  async function take() {
    setBusy('take');
    setError(null);
    try {
      await onTake(c.id);
      // The take button is gone now; the natural next step is to write.
      requestAnimationFrame(() => document.getElementById('reply-input')?.focus());
    } catch (e) {
      setError(describeError(e, lang, t));
    } finally {
      setBusy(null);
    }
  }

  // The dialog shows a refusal's reasons itself and stays open; it closes once the server has
  // accepted the wrap-up (closing the conversation, or recording a late one).
  async function writeWrapUp(body: WrapUpRequest) {
    const late = wrapUp === 'late';
    setBusy(late ? 'wrapup' : 'close');
    setError(null);
    try {
      await (late ? onLateWrapUp : onClose)(c.id, body);
      setWrapUp(null);
    } finally {
      setBusy(null);
    }
  }

  // Like closing: the dialog shows a refusal itself and stays open; it closes once the server has
  // moved the conversation (the pane may then leave it, when it is no longer visible to me).
  async function transfer(body: TransferRequest) {
    setBusy('transfer');
    setError(null);
    try {
      await onTransfer(c.id, body);
      setTransferring(false);
    } finally {
      setBusy(null);
    }
  }

  const endReason = endReasonLabel(c.end_reason, t);

  return (
    <header className="conversation-header">
      <div className="conversation-title">
        <h2 id="conversation-title">{c.client_pseudonym}</h2>
        <StatusBadge status={c.status} />
        <BotStatusBadge status={c.bot_status} />
        <RiskBadge level={c.risk_level} categories={c.risk_categories} testId="conversation-risk-badge" />
        {c.status === 'closed' && c.wrap_up_pending && <WrapUpPendingBadge />}
      </div>
      <dl className="conversation-facts">
        <div>
          <dt>{t('conv.assignee')}</dt>
          <dd data-testid="conversation-assignee">{c.assigned_staff_name ?? t('list.unassigned')}</dd>
        </div>
        <div>
          <dt>{t('conv.opened')}</dt>
          <dd>
            <time dateTime={c.opened_at}>{formatFull(c.opened_at, lang)}</time>
          </dd>
        </div>
        {c.closed_at && (
          <div>
            <dt>{t('conv.closedAt')}</dt>
            <dd>
              <time dateTime={c.closed_at}>{formatFull(c.closed_at, lang)}</time>
            </dd>
          </div>
        )}
        {c.status === 'closed' && endReason !== null && (
          <div>
            <dt>{t('conv.endReason')}</dt>
            <dd data-testid="end-reason" data-end-reason={c.end_reason}>
              {endReason}
            </dd>
          </div>
        )}
      </dl>
      <IntakeAnswers intake={c.intake} />
      <div className="conversation-actions">
        {canTake(staff, c) && c.assigned_staff_id !== staff.id && (
          <button
            type="button"
            className="button button-primary"
            data-testid="take-button"
            disabled={busy !== null}
            onClick={take}
          >
            {busy === 'take' ? t('conv.taking') : t('conv.take')}
          </button>
        )}
        {canTransfer(staff, c) && (
          <button
            type="button"
            className="button"
            data-testid="transfer-button"
            disabled={busy !== null}
            onClick={() => setTransferring(true)}
          >
            {busy === 'transfer' ? t('transfer.submitting') : t('transfer.button')}
          </button>
        )}
        {canClose(staff, c) && (
          <button
            type="button"
            className="button button-danger-quiet"
            data-testid="close-button"
            disabled={busy !== null}
            onClick={() => setWrapUp('close')}
          >
            {busy === 'close' ? t('conv.closing') : t('conv.close')}
          </button>
        )}
        {canWriteLateWrapUp(staff, c) && (
          <button
            type="button"
            className="button button-primary"
            data-testid="late-wrapup-button"
            disabled={busy !== null}
            onClick={() => setWrapUp('late')}
          >
            {busy === 'wrapup' ? t('wrapup.late.busy') : t('wrapup.late.button')}
          </button>
        )}
      </div>
      {error && (
        <div className="alert alert-error header-error" role="alert" data-testid="action-error">
          <span>{error}</span>
          <button type="button" className="button button-quiet" onClick={() => setError(null)}>
            {t('conv.dismiss')}
          </button>
        </div>
      )}
      <WrapUpDialog
        open={wrapUp !== null}
        mode={wrapUp ?? 'close'}
        conversation={c}
        onSubmit={writeWrapUp}
        onCancel={() => setWrapUp(null)}
      />
      <TransferDialog
        open={transferring}
        conversation={c}
        onSubmit={transfer}
        onCancel={() => setTransferring(false)}
      />
    </header>
  );
}
