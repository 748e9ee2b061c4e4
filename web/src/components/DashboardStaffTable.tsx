// The dashboard's staff table: presence, role, load (「1 / 2」, 「1 / 制限なし」) and when each
// was last seen, online first.
import type { DashboardStaff } from '../api/types';
import { useNow } from '../hooks/useNow';
import { useI18n } from '../i18n';
import { isAtCapacity, loadText, presenceCounts, presenceKeys, sortStaff } from '../lib/dashboard';
import { roleKeys } from '../lib/labels';
import { formatFull, relativeTime } from '../lib/time';

export function DashboardStaffTable({ staff }: { staff: readonly DashboardStaff[] }) {
  const { lang, t } = useI18n();
  const now = useNow(30_000);
  const counts = presenceCounts(staff);
  return (
    <section className="dashboard-section" aria-labelledby="dashboard-staff">
      <h3 id="dashboard-staff">{t('dashboard.staff')}</h3>
      <p className="muted" data-testid="dashboard-presence-counts">
        {t('dashboard.presenceCounts', counts)}
      </p>
      <table className="staff-table">
        <thead>
          <tr>
            <th scope="col">{t('dashboard.col.name')}</th>
            <th scope="col">{t('dashboard.col.role')}</th>
            <th scope="col">{t('dashboard.col.presence')}</th>
            <th scope="col">{t('dashboard.col.load')}</th>
            <th scope="col">{t('dashboard.col.lastSeen')}</th>
          </tr>
        </thead>
        <tbody>
          {sortStaff(staff).map((s) => (
            <tr key={s.id} data-testid="dashboard-staff-row" data-staff-id={s.id} data-presence={s.presence}>
              <th scope="row">{s.display_name}</th>
              <td>{t(roleKeys[s.role])}</td>
              <td>
                <span className={`presence-label presence-${s.presence}`}>
                  <span className="presence-dot" aria-hidden="true" />
                  {t(presenceKeys[s.presence])}
                </span>
              </td>
              <td
                className={isAtCapacity(s) ? 'staff-load staff-load-full' : 'staff-load'}
                data-testid="dashboard-load"
              >
                {loadText(s, t)}
                {isAtCapacity(s) && <span className="visually-hidden"> {t('dashboard.full')}</span>}
              </td>
              <td>
                {s.last_seen_at ? (
                  <time dateTime={s.last_seen_at} title={formatFull(s.last_seen_at, lang)}>
                    {relativeTime(s.last_seen_at, now, lang, t)}
                  </time>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {staff.length === 0 && <p className="muted">{t('dashboard.noStaff')}</p>}
    </section>
  );
}
