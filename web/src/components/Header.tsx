import type { ConnectionState } from '../api/client';
import type { Staff } from '../api/types';
import { useI18n } from '../i18n';
import { roleKeys } from '../lib/labels';
import { canReloadScenarios } from '../lib/permissions';
import { Brand } from './Brand';
import { ConnectionIndicator } from './ConnectionIndicator';
import { LanguageSwitch } from './LanguageSwitch';
import { ScenarioReloadButton } from './ScenarioReload';

interface Props {
  staff: Staff;
  connection: ConnectionState;
  onLogout: () => void;
}

export function Header({ staff, connection, onLogout }: Props) {
  const { t } = useI18n();
  return (
    <header className="app-header">
      <Brand />
      <div className="header-tools">
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
