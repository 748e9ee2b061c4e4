// 「記録が未入力」: a conversation the system closed (idle, closing time) whose wrap-up nobody has
// written yet (Conversation.wrap_up_pending).
import { useI18n } from '../i18n';

export function WrapUpPendingBadge({ testId = 'wrapup-pending-badge' }: { testId?: string }) {
  const { t } = useI18n();
  return (
    <span className="badge badge-pending" data-testid={testId} title={t('wrapup.pending.title')}>
      {t('wrapup.pending')}
    </span>
  );
}
