import { useI18n } from '../i18n';

// The product name: つなぐ / tsunagu.
export function Brand() {
  const { t } = useI18n();
  return (
    <div className="brand">
      <span className="brand-name" lang="ja">
        {t('app.name')}
      </span>
      <span className="brand-latin" lang="en">
        {t('app.nameLatin')}
      </span>
      <span className="brand-sub">{t('app.subtitle')}</span>
    </div>
  );
}
