// The header's page switch: 相談 / ダッシュボード (supervisors and admins) / 定型文の管理 (admins).
// Shown only to those who have more than one page.
import type { Staff } from '../api/types';
import { useI18n, type MessageKey } from '../i18n';
import { pagesFor, type Page } from '../lib/route';

const labelKeys: Record<Page, MessageKey> = {
  conversations: 'pages.conversations',
  dashboard: 'pages.dashboard',
  templates: 'pages.templates',
};

interface Props {
  staff: Staff;
  page: Page;
  onPage: (page: Page) => void;
}

export function PageNav({ staff, page, onPage }: Props) {
  const { t } = useI18n();
  const pages = pagesFor(staff.role);
  if (pages.length < 2) return null;
  return (
    <nav className="page-nav" aria-label={t('pages.label')}>
      {pages.map((p) => (
        <button
          key={p}
          type="button"
          className="page-nav-item"
          data-testid={`page-${p}`}
          aria-current={p === page ? 'page' : undefined}
          onClick={() => onPage(p)}
        >
          {t(labelKeys[p])}
        </button>
      ))}
    </nav>
  );
}
