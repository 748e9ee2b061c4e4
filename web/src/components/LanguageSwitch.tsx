import { useI18n } from '../i18n';

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  const other = lang === 'ja' ? 'en' : 'ja';
  return (
    <button
      type="button"
      className="button button-quiet"
      data-testid="lang-switch"
      lang={other}
      aria-label={t('header.langSwitchLabel')}
      onClick={() => setLang(other)}
    >
      {t('header.langSwitch')}
    </button>
  );
}
