import type { ConnectionState } from '../api/client';
import { useI18n, type MessageKey } from '../i18n';

const keys: Record<ConnectionState, MessageKey> = {
  connecting: 'conn.connecting',
  open: 'conn.open',
  reconnecting: 'conn.reconnecting',
};

export function ConnectionIndicator({ state }: { state: ConnectionState }) {
  const { t } = useI18n();
  return (
    <div className={`conn conn-${state}`} data-testid="connection-state" data-state={state} role="status">
      <span className="conn-dot" aria-hidden="true" />
      <span className="visually-hidden">{t('conn.label')}: </span>
      {t(keys[state])}
    </div>
  );
}
