// The supervisors' dashboard: staffing alerts first (no supervisor online, too many counselors
// per supervisor), then each program's queue, then who is at the console with their load.
// Refreshes every 10 seconds and soon after stream events; says when it last succeeded.
import { useDashboard } from '../hooks/useDashboard';
import { useI18n } from '../i18n';
import { describeError } from '../lib/errors';
import { localizeServerMessage } from '../lib/serverMessage';
import type { Signal } from '../lib/signal';
import { formatClockSeconds, formatFull } from '../lib/time';
import { DashboardPrograms } from './DashboardPrograms';
import { DashboardStaffTable } from './DashboardStaffTable';

export function DashboardPage({ streamSignal }: { streamSignal: Signal }) {
  const { lang, t } = useI18n();
  const { data, error, refresh } = useDashboard(streamSignal);

  return (
    <main className="page dashboard" data-testid="dashboard" aria-labelledby="dashboard-title">
      <div className="page-head">
        <h2 id="dashboard-title">{t('dashboard.title')}</h2>
        {data && (
          <p className="page-updated" data-testid="dashboard-updated">
            {t('dashboard.updated')}{' '}
            <time dateTime={data.at} title={formatFull(data.at, lang)}>
              {formatClockSeconds(data.at, lang)}
            </time>
          </p>
        )}
        <button type="button" className="button button-quiet" data-testid="dashboard-refresh" onClick={refresh}>
          {t('dashboard.refresh')}
        </button>
      </div>
      {error !== null && (
        <p className="alert alert-warning" role="status" data-testid="dashboard-error">
          {data ? t('dashboard.staleError') : t('dashboard.loadError')} {describeError(error, lang, t)}
        </p>
      )}
      {!data && error === null && <p role="status">{t('dashboard.loading')}</p>}
      {data && (
        <>
          <section className="dashboard-alerts" aria-label={t('dashboard.alerts')}>
            {data.alerts.map((a) => (
              <p
                key={a.code}
                className="alert alert-error dashboard-alert"
                role="alert"
                data-testid="dashboard-alert"
                data-code={a.code}
              >
                <span className="dashboard-alert-icon" aria-hidden="true">
                  !
                </span>
                {localizeServerMessage(a.message, lang)}
              </p>
            ))}
            {data.alerts.length === 0 && (
              <p className="inline-ok" data-testid="dashboard-no-alerts">
                {t('dashboard.noAlerts')}
              </p>
            )}
          </section>
          <DashboardPrograms programs={data.programs} />
          <DashboardStaffTable staff={data.staff} />
          <p className="muted dashboard-ratio" data-testid="dashboard-ratio">
            {t('dashboard.ratioNote', { n: data.counselors_per_supervisor_max })}
          </p>
        </>
      )}
    </main>
  );
}
