// The console's top level: language, and whether someone is logged in.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError, setCsrfToken, setUnauthorizedHandler } from './api/client';
import type { ConsoleSettings, SessionResponse, Staff } from './api/types';
import { I18nContext, loadLang, saveLang, translate, type I18n, type Lang, type MessageKey } from './i18n';
import { LoginPage } from './components/LoginPage';
import { ConsolePage } from './components/ConsolePage';
import { normalizeSettings } from './lib/settings';

type Session =
  | { status: 'checking' }
  | { status: 'out'; notice: MessageKey | null }
  | { status: 'in'; staff: Staff; settings: ConsoleSettings };

export function App() {
  const [lang, setLangState] = useState<Lang>(loadLang);
  const i18n = useMemo<I18n>(
    () => ({
      lang,
      t: (key, vars) => translate(lang, key, vars),
      setLang: (next) => {
        saveLang(next);
        setLangState(next);
      },
    }),
    [lang],
  );

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = translate(lang, 'app.title');
  }, [lang]);

  const [session, setSession] = useState<Session>({ status: 'checking' });

  const enter = useCallback((body: SessionResponse) => {
    setCsrfToken(body.csrf_token);
    setSession({ status: 'in', staff: body.staff, settings: normalizeSettings(body.settings) });
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      setSession((current) =>
        current.status === 'in' ? { status: 'out', notice: 'login.sessionEnded' } : current,
      );
    });
    api.me({ expect401: true }).then(enter, (error: unknown) => {
      const notice = error instanceof ApiError && error.code === 'network' ? 'error.network' : null;
      setSession({ status: 'out', notice });
    });
  }, [enter]);

  const logout = useCallback(() => {
    api
      .logout()
      .catch(() => {}) // the session is abandoned on this side whatever the server says
      .finally(() => {
        setCsrfToken(null);
        setSession({ status: 'out', notice: 'login.loggedOut' });
      });
  }, []);

  return (
    <I18nContext.Provider value={i18n}>
      {session.status === 'checking' && (
        <p className="app-loading" role="status">
          {i18n.t('app.loading')}
        </p>
      )}
      {session.status === 'out' && <LoginPage notice={session.notice} onLoggedIn={enter} />}
      {session.status === 'in' && <ConsolePage staff={session.staff} settings={session.settings} onLogout={logout} />}
    </I18nContext.Provider>
  );
}
