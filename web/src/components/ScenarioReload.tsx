// The admin's 「シナリオを再読み込み」: reloads every program's chatbot scenario and shows, per
// program, the version now active or the file's errors (docs/scenarios.md, section 3).
import { useId, useRef, useState } from 'react';
import { api } from '../api/client';
import { useModalDialog } from '../hooks/useModalDialog';
import { useI18n } from '../i18n';
import { describeError } from '../lib/errors';
import { errorLines, outcomeOfAnswer, outcomeOfError, type ReloadOutcome } from '../lib/scenarioReload';

type State = { status: 'idle' } | { status: 'busy' } | { status: 'done'; outcome: ReloadOutcome };

export function ScenarioReloadButton() {
  const { t } = useI18n();
  const [state, setState] = useState<State>({ status: 'idle' });
  // Bumped on every start and close, so an answer that arrives after the dialog was closed is dropped.
  const attempt = useRef(0);

  async function reload() {
    const mine = ++attempt.current;
    setState({ status: 'busy' });
    let outcome: ReloadOutcome;
    try {
      outcome = outcomeOfAnswer(await api.reloadScenarios());
    } catch (e) {
      outcome = outcomeOfError(e);
    }
    if (attempt.current === mine) setState({ status: 'done', outcome });
  }

  function close() {
    attempt.current += 1;
    setState({ status: 'idle' });
  }

  return (
    <>
      <button
        type="button"
        className="button button-quiet"
        data-testid="scenario-reload"
        disabled={state.status === 'busy'}
        onClick={reload}
      >
        {state.status === 'busy' ? t('scenarios.reloading') : t('scenarios.reload')}
      </button>
      <ScenarioReloadDialog state={state} onClose={close} />
    </>
  );
}

function ScenarioReloadDialog({ state, onClose }: { state: State; onClose: () => void }) {
  const { lang, t } = useI18n();
  const id = useId();
  const open = state.status !== 'idle';
  const ref = useModalDialog(open);

  const outcome = state.status === 'done' ? state.outcome : null;
  const dataState = state.status === 'done' ? state.outcome.kind : state.status;

  return (
    <dialog
      ref={ref}
      className="dialog dialog-wide"
      data-testid="scenario-reload-dialog"
      data-state={dataState}
      data-ok={outcome?.kind === 'result' ? String(outcome.ok) : undefined}
      aria-labelledby={`${id}-title`}
      onCancel={(event) => {
        event.preventDefault(); // keep React's state the source of truth
        onClose();
      }}
    >
      <h2 id={`${id}-title`} className="dialog-title">
        {t('scenarios.title')}
      </h2>
      {state.status === 'busy' && <p role="status">{t('scenarios.reloading')}</p>}
      {outcome?.kind === 'none' && (
        <p className="notice" data-testid="scenario-reload-none">
          {t('scenarios.none')}
        </p>
      )}
      {outcome?.kind === 'error' && (
        <p className="alert alert-error" role="alert" data-testid="scenario-reload-error">
          {describeError(outcome.error, lang, t)}
        </p>
      )}
      {outcome?.kind === 'result' && (
        <>
          <p
            className={outcome.ok ? 'inline-ok' : 'alert alert-warning'}
            role="status"
            data-testid="scenario-reload-summary"
          >
            {outcome.ok ? t('scenarios.allOk') : t('scenarios.someFailed')}
          </p>
          <ul className="scenario-results">
            {outcome.scenarios.map((r) => {
              const errors = errorLines(r);
              return (
                <li
                  key={r.program}
                  className="scenario-result"
                  data-testid="scenario-result"
                  data-program={r.program}
                  data-ok={String(r.ok)}
                >
                  <div className="scenario-result-head">
                    <span className="scenario-program">{t('scenarios.program', { program: r.program })}</span>
                    <span className={`badge ${r.ok ? 'badge-active' : 'badge-blocked'}`}>
                      {r.ok ? (r.new_version ? t('scenarios.newVersion') : t('scenarios.sameVersion')) : t('scenarios.failed')}
                    </span>
                  </div>
                  <div className="scenario-file mono">{t('scenarios.file', { file: r.file })}</div>
                  {r.version && (
                    <div
                      className="scenario-version mono"
                      data-testid="scenario-version"
                      data-new-version={String(r.new_version === true)}
                    >
                      {t('scenarios.version', { version: r.version })}
                    </div>
                  )}
                  {errors.length > 0 && (
                    <>
                      <p className="scenario-errors-heading">{t('scenarios.errors', { n: errors.length })}</p>
                      <ul className="scenario-errors mono" data-testid="scenario-errors">
                        {errors.map((e, i) => (
                          <li key={i}>{e}</li>
                        ))}
                      </ul>
                    </>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" data-testid="scenario-reload-close" onClick={onClose} autoFocus>
          {t('scenarios.close')}
        </button>
      </div>
    </dialog>
  );
}
