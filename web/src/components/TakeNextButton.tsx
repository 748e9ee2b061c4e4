// 「次の相談を受ける」: takes the first of the queue (risk first, then the longest wait) and opens it.
import { useState } from 'react';
import type { Conversation, Staff } from '../api/types';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n';
import { describeError } from '../lib/errors';

interface Props {
  staff: Staff;
  onTakeNext: () => Promise<Conversation>;
  onTaken: (c: Conversation) => void;
}

export function TakeNextButton({ staff, onTakeNext, onTaken }: Props) {
  const { lang, t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  if (staff.role === 'admin') return null;

  async function takeNext() {
    setBusy(true);
    setMessage(null);
    try {
      onTaken(await onTakeNext());
    } catch (e) {
      setMessage(e instanceof ApiError && e.status === 404 ? t('takeNext.none') : describeError(e, lang, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="take-next">
      <button
        type="button"
        className="button button-primary"
        data-testid="take-next"
        disabled={busy}
        onClick={takeNext}
      >
        {t('takeNext.button')}
      </button>
      {message && (
        <p className="take-next-message" role="status" data-testid="take-next-message">
          {message}
        </p>
      )}
    </div>
  );
}
