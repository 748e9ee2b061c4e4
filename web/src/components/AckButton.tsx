// 確認 / Acknowledge: one alert, with its own busy state and error.
import { useState } from 'react';
import type { RiskAlertView } from '../api/types';
import { useI18n } from '../i18n';
import { describeError } from '../lib/errors';

interface Props {
  alert: RiskAlertView;
  onAck: (alertId: number) => Promise<unknown>;
  testId: string;
}

export function AckButton({ alert, onAck, testId }: Props) {
  const { lang, t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const acked = Boolean(alert.acknowledged_at);
  async function ack() {
    setBusy(true);
    setError(null);
    try {
      await onAck(alert.id);
    } catch (e) {
      setError(describeError(e, lang, t));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <button
        type="button"
        className="button button-primary"
        data-testid={testId}
        disabled={busy || acked}
        onClick={ack}
      >
        {acked ? t('alerts.acked') : busy ? t('alerts.acking') : t('alerts.ack')}
      </button>
      {error && (
        <span className="inline-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
