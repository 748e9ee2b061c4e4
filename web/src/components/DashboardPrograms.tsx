// The dashboard's programs: one card each, with the queue, the longest wait, the opening hours
// and how many conversations staff are answering.
import type { DashboardProgram } from '../api/types';
import { useI18n } from '../i18n';
import { formatWait, openKey, sortPrograms } from '../lib/dashboard';

export function DashboardPrograms({ programs }: { programs: readonly DashboardProgram[] }) {
  const { t } = useI18n();
  return (
    <section className="dashboard-section" aria-labelledby="dashboard-programs">
      <h3 id="dashboard-programs">{t('dashboard.programs')}</h3>
      {programs.length === 0 && <p className="muted">{t('dashboard.noPrograms')}</p>}
      <ul className="program-cards">
        {sortPrograms(programs).map((p) => (
          <li
            key={p.key}
            className="program-card"
            data-testid="dashboard-program"
            data-program={p.key}
            data-queue-length={p.queue_length}
            data-open={p.open === null ? 'unknown' : String(p.open)}
          >
            <div className="program-card-head">
              <span className="program-name">{p.name}</span>
              <span className={`badge ${p.open === false ? 'badge-closed' : p.open ? 'badge-active' : 'badge-muted'}`}>
                {t(openKey(p.open))}
              </span>
            </div>
            <dl className="program-stats">
              <div>
                <dt>{t('dashboard.queue')}</dt>
                <dd data-testid="dashboard-queue">{t('dashboard.people', { n: p.queue_length })}</dd>
              </div>
              <div>
                <dt>{t('dashboard.longestWait')}</dt>
                <dd data-testid="dashboard-longest-wait" data-ms={p.longest_wait_ms}>
                  {formatWait(p.longest_wait_ms, t)}
                </dd>
              </div>
              <div>
                <dt>{t('dashboard.active')}</dt>
                <dd data-testid="dashboard-active">{t('dashboard.count', { n: p.active })}</dd>
              </div>
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}
