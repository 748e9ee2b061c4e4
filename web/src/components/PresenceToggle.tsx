// 受付中 / 離席: whether I am taking conversations. Two pressed-or-not buttons in a group, so the
// current choice is both seen and announced. The heartbeat itself is usePresence's.
import type { PresenceStatus } from '../api/types';
import type { PresenceApi } from '../hooks/usePresence';
import { useI18n, type MessageKey } from '../i18n';

const choices: { status: PresenceStatus; label: MessageKey }[] = [
  { status: 'online', label: 'presence.toggle.online' },
  { status: 'away', label: 'presence.toggle.away' },
];

export function PresenceToggle({ presence }: { presence: PresenceApi }) {
  const { t } = useI18n();
  return (
    <div
      className="presence-toggle"
      role="group"
      aria-label={t('presence.label')}
      data-testid="presence-toggle"
      data-status={presence.status}
    >
      {choices.map(({ status, label }) => (
        <button
          key={status}
          type="button"
          className={`presence-option presence-${status}`}
          data-testid={`presence-${status}`}
          aria-pressed={presence.status === status}
          onClick={() => presence.setStatus(status)}
        >
          <span className="presence-dot" aria-hidden="true" />
          {t(label)}
        </button>
      ))}
    </div>
  );
}
