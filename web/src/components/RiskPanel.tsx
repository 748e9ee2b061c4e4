// The sidebar's risk section: the open alerts (supervisors: all; counselors: their own) and,
// for supervisors, the counselors flagged for a debrief.
import { useState } from 'react';
import type { DebriefFlag, RiskAlertView } from '../api/types';
import { useI18n } from '../i18n';
import { useNow } from '../hooks/useNow';
import { describeError } from '../lib/errors';
import { categoriesLabel } from '../lib/risk';
import { formatFull, relativeTime } from '../lib/time';
import { AckButton } from './AckButton';
import { RiskBadge } from './RiskBadge';

interface Props {
  alerts: RiskAlertView[];
  loaded: boolean;
  failed: boolean;
  onRetry: () => void;
  onOpen: (conversationId: number) => void;
  onAck: (alertId: number) => Promise<unknown>;
  showAlwaysAlerts: boolean;
  debriefs: DebriefFlag[] | null; // null: not a supervisor
  onClearDebrief: (id: number) => Promise<void>;
}

export function RiskPanel(props: Props) {
  const { t } = useI18n();
  const { alerts } = props;
  const showAlerts = props.showAlwaysAlerts || alerts.length > 0;
  if (!showAlerts && props.debriefs === null) return null;
  return (
    <div className="risk-panels">
      {showAlerts && (
        <section className="risk-panel" aria-labelledby="alerts-heading" data-testid="alert-list">
          <h2 id="alerts-heading" className="risk-panel-heading">
            {t('alerts.heading')}
            <span className="tab-count" data-count={alerts.length}>
              {t('alerts.count', { n: alerts.length })}
            </span>
          </h2>
          {props.failed && (
            <div className="alert alert-error risk-panel-message" role="alert">
              <p>{t('alerts.error')}</p>
              <button type="button" className="button" onClick={props.onRetry}>
                {t('list.retry')}
              </button>
            </div>
          )}
          {!props.loaded && !props.failed && (
            <p className="risk-panel-message" role="status">
              {t('alerts.loading')}
            </p>
          )}
          {props.loaded && alerts.length === 0 && <p className="risk-panel-message">{t('alerts.empty')}</p>}
          <ul className="risk-alert-list">
            {alerts.map((a) => (
              <AlertRow key={a.id} alert={a} onOpen={props.onOpen} onAck={props.onAck} />
            ))}
          </ul>
        </section>
      )}
      {props.debriefs !== null && <DebriefPanel debriefs={props.debriefs} onClear={props.onClearDebrief} />}
    </div>
  );
}

function AlertRow({
  alert: a,
  onOpen,
  onAck,
}: {
  alert: RiskAlertView;
  onOpen: (id: number) => void;
  onAck: (id: number) => Promise<unknown>;
}) {
  const { lang, t } = useI18n();
  const now = useNow(30_000);
  return (
    <li
      className={`risk-alert-row risk-alert-row-${Math.min(3, a.level)}`}
      data-testid="alert-row"
      data-alert-id={a.id}
      data-conversation-id={a.conversation_id}
      data-level={a.level}
    >
      <div className="risk-alert-main">
        <RiskBadge level={a.level} categories={a.categories} testId="alert-risk-badge" />
        <span className="risk-alert-name">{a.conversation.client_pseudonym}</span>
        <span className="risk-alert-meta">
          {t('alerts.messages', { n: a.message_count })}
          {' · '}
          <time dateTime={a.last_at} title={formatFull(a.last_at, lang)}>
            {relativeTime(a.last_at, now, lang, t)}
          </time>
        </span>
      </div>
      {a.categories.length > 0 && <p className="risk-alert-cats">{categoriesLabel(a.categories, t)}</p>}
      <div className="risk-alert-actions">
        <button type="button" className="button" data-testid="alert-row-open" onClick={() => onOpen(a.conversation_id)}>
          {t('alerts.open')}
          <span className="visually-hidden">: {a.conversation.client_pseudonym}</span>
        </button>
        <AckButton alert={a} onAck={onAck} testId="alert-row-ack" />
      </div>
    </li>
  );
}

function DebriefPanel({ debriefs, onClear }: { debriefs: DebriefFlag[]; onClear: (id: number) => Promise<void> }) {
  const { lang, t } = useI18n();
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function clear(id: number) {
    setBusy(id);
    setError(null);
    try {
      await onClear(id);
    } catch (e) {
      setError(describeError(e, lang, t));
    } finally {
      setBusy(null);
    }
  }
  return (
    <section className="risk-panel" aria-labelledby="debrief-heading" data-testid="debrief-panel">
      <h2 id="debrief-heading" className="risk-panel-heading">
        {t('debrief.heading')}
        <span className="tab-count" data-count={debriefs.length}>
          {t('alerts.count', { n: debriefs.length })}
        </span>
      </h2>
      {error && (
        <p className="alert alert-error risk-panel-message" role="alert">
          {error}
        </p>
      )}
      {debriefs.length === 0 && <p className="risk-panel-message">{t('debrief.empty')}</p>}
      <ul className="risk-alert-list">
        {debriefs.map((d) => (
          <li key={d.id} className="debrief-row" data-testid="debrief-row" data-debrief-id={d.id} data-staff-id={d.staff_id}>
            <div>
              <p>{t('debrief.item', { name: d.staff_name, n: d.conversation_count })}</p>
              <p className="risk-alert-meta">
                <time dateTime={d.flagged_at}>{t('debrief.flaggedAt', { time: formatFull(d.flagged_at, lang) })}</time>
              </p>
            </div>
            <button
              type="button"
              className="button"
              data-testid="debrief-clear"
              disabled={busy !== null}
              onClick={() => clear(d.id)}
            >
              {busy === d.id ? t('debrief.clearing') : t('debrief.clear')}
              <span className="visually-hidden">: {d.staff_name}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
