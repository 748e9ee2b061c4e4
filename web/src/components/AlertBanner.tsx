// The banner at the top of the console for alerts that sounded (new or escalated): who, how
// serious, and buttons to open the conversation and to acknowledge (確認) the alert.
import type { RiskAlertView } from '../api/types';
import { useI18n } from '../i18n';
import { categoriesLabel, clampLevel, levelLabel } from '../lib/risk';
import { AckButton } from './AckButton';

interface Props {
  alerts: RiskAlertView[];
  onOpen: (conversationId: number) => void;
  onAck: (alertId: number) => Promise<unknown>;
  onDismiss: (alertId: number) => void;
}

export function AlertBanner({ alerts, onOpen, onAck, onDismiss }: Props) {
  const { t } = useI18n();
  return (
    <div className="alert-banner-region" aria-live="assertive" aria-label={t('alerts.banner.label')} role="region">
      {alerts.map((a) => {
        const level = clampLevel(a.level);
        const acked = Boolean(a.acknowledged_at);
        const vars = { name: a.conversation.client_pseudonym, level: levelLabel(level, t) };
        return (
          <div
            key={a.id}
            className={`alert-banner risk-banner-${level}${acked ? ' alert-banner-acked' : ''}`}
            data-testid="alert-banner"
            data-alert-id={a.id}
            data-conversation-id={a.conversation_id}
            data-level={level}
            data-acknowledged={acked}
          >
            <span className="alert-banner-icon" aria-hidden="true">
              !
            </span>
            <div className="alert-banner-text">
              <strong>{t('alerts.banner.label')}</strong>
              <span data-testid="alert-banner-text">
                {acked ? t('alerts.banner.ackedText', vars) : t('alerts.banner.text', vars)}
              </span>
              {a.categories.length > 0 && <span className="alert-banner-cats">{categoriesLabel(a.categories, t)}</span>}
            </div>
            <div className="alert-banner-actions">
              <button type="button" className="button" data-testid="alert-open" onClick={() => onOpen(a.conversation_id)}>
                {t('alerts.open')}
              </button>
              <AckButton alert={a} onAck={onAck} testId="alert-ack" />
              <button
                type="button"
                className="button button-quiet"
                data-testid="alert-dismiss"
                onClick={() => onDismiss(a.id)}
              >
                {t('alerts.dismiss')}
                <span className="visually-hidden">: {a.conversation.client_pseudonym}</span>
              </button>
            </div>
          </div>
        );
      })}
    </div>
  );
}
