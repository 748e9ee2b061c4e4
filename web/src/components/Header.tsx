import type { ConnectionState } from '../api/client';
import type { Staff } from '../api/types';
import type { PresenceApi } from '../hooks/usePresence';
import { useI18n } from '../i18n';
import { roleKeys } from '../lib/labels';
import { canReloadScenarios } from '../lib/permissions';
import type { Page } from '../lib/route';
import { Brand } from './Brand';
import { ConnectionIndicator } from './ConnectionIndicator';
import { LanguageSwitch } from './LanguageSwitch';
import { PageNav } from './PageNav';
import { PresenceToggle } from './PresenceToggle';
import { ScenarioReloadButton } from './ScenarioReload';

interface Props {
  staff: Staff;
  connection: ConnectionState;
  page: Page;
  onPage: (page: Page) => void;
  presence: PresenceApi;
  onLogout: () => void;
}

export function Header({ staff, connection, page, onPage, presence, onLogout }: Props) {
  const { t } = useI18n();
  return (
    <header className="app-header">
      <Brand />
      <PageNav staff={staff} page={page} onPage={onPage} />
      <div className="header-tools">
        <PresenceToggle presence={presence} />
        <ConnectionIndicator state={connection} />
        <div className="user" data-testid="current-staff">
          <span className="visually-hidden">{t('header.user')}: </span>
          <span className="user-name">{staff.display_name}</span>
          <span className="role-badge" data-role={staff.role}>
            {t(roleKeys[staff.role])}
          </span>
        </div>
        {canReloadScenarios(staff) && <ScenarioReloadButton />}
        <LanguageSwitch />
        <button type="button" className="button button-quiet" data-testid="logout" onClick={onLogout}>
          {t('header.logout')}
        </button>
      </div>
    </header>
  );
}
