import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client';
import type { SessionResponse } from '../api/types';
import { useI18n, type MessageKey } from '../i18n';
import { describeError } from '../lib/errors';
import { LanguageSwitch } from './LanguageSwitch';
import { Brand } from './Brand';

interface Props {
  notice: MessageKey | null;
  onLoggedIn: (session: SessionResponse) => void;
}

type Problem =
  | { kind: 'throttled'; minutes: number | null; text: string }
  | { kind: 'text'; text: string }
  | null;

export function LoginPage({ notice, onLoggedIn }: Props) {
  const { lang, t } = useI18n();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (login.trim() === '' || password === '') {
      setProblem({ kind: 'text', text: t('login.required') });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      onLoggedIn(await api.login(login.trim(), password));
    } catch (error) {
      setPassword('');
      if (error instanceof ApiError && error.status === 429) {
        const minutes = error.retryAfterS === null ? null : Math.max(1, Math.ceil(error.retryAfterS / 60));
        const text = error.message ? describeError(error, lang, t) : t('login.throttled');
        setProblem({ kind: 'throttled', minutes, text });
      } else {
        setProblem({ kind: 'text', text: describeError(error, lang, t) });
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <main className="login-card">
        <Brand />
        <h1 className="login-heading">{t('login.heading')}</h1>
        <p className="login-lead">{t('login.lead')}</p>
        {notice && !problem && (
          <p className="notice" role="status">
            {t(notice)}
          </p>
        )}
        {problem?.kind === 'throttled' && (
          <div className="alert alert-warning" role="alert" data-testid="login-error" data-code="limit_exceeded">
            <strong>{t('login.throttledTitle')}</strong>
            <p>{problem.text}</p>
            {problem.minutes !== null && <p>{t('login.retryIn', { minutes: problem.minutes })}</p>}
          </div>
        )}
        {problem?.kind === 'text' && (
          <p className="alert alert-error" role="alert" data-testid="login-error">
            {problem.text}
          </p>
        )}
        <form className="login-form" onSubmit={submit} noValidate>
          <label htmlFor="login-id">{t('login.id')}</label>
          <input
            id="login-id"
            data-testid="login-id"
            name="username"
            autoComplete="username"
            autoCapitalize="off"
            spellCheck={false}
            value={login}
            onChange={(e) => setLogin(e.target.value)}
            required
            autoFocus
          />
          <label htmlFor="login-password">{t('login.password')}</label>
          <input
            id="login-password"
            data-testid="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
          <button type="submit" className="button button-primary" data-testid="login-submit" disabled={busy}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      </main>
    </div>
  );
}
