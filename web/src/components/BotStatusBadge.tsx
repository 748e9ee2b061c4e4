// 「ボット受付中」 / 「ボットで終了」: shown only while the chatbot's part matters (docs/scenarios.md).
import type { Conversation } from '../api/types';
import { useI18n } from '../i18n';
import { botStatusKey } from '../lib/intake';

interface Props {
  status: Conversation['bot_status'];
  testId?: string;
}

export function BotStatusBadge({ status, testId = 'bot-status-badge' }: Props) {
  const { t } = useI18n();
  const key = botStatusKey(status);
  if (key === null) return null;
  return (
    <span
      className={`badge badge-bot badge-bot-${status}`}
      data-testid={testId}
      data-bot-status={status}
      title={status === 'running' ? t('bot.status.runningTitle') : t('bot.status.endedTitle')}
    >
      {t(key)}
    </span>
  );
}
