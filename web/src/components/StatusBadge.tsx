import type { ConversationStatus } from '../api/types';
import { useI18n } from '../i18n';
import { statusKeys } from '../lib/labels';

export function StatusBadge({ status }: { status: ConversationStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-${status}`} data-testid="status-badge" data-status={status}>
      {t(statusKeys[status])}
    </span>
  );
}
