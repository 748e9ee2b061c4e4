import type { Message } from '../api/types';
import { useI18n } from '../i18n';
import { deliveryKeys } from '../lib/labels';

export function DeliveryBadge({ message }: { message: Message }) {
  const { t } = useI18n();
  const state = message.delivery_state;
  if (state === 'received') return null;
  return (
    <div className="delivery">
      <span className={`delivery-badge delivery-${state}`} data-testid="delivery-badge">
        <span className="delivery-icon" aria-hidden="true" />
        {t(deliveryKeys[state])}
      </span>
      {state === 'failed' && (
        <span className="delivery-error" data-testid="delivery-error">
          {message.delivery_error
            ? t('delivery.reason', { error: message.delivery_error })
            : t('delivery.reasonUnknown')}
        </span>
      )}
    </div>
  );
}
