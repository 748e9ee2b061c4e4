// One template's versions, newest first, with who saved each and when; any version's body can be
// put back into the editor (saving it then makes a new version; earlier ones stay).
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Template } from '../api/types';
import { useI18n } from '../i18n';
import { describeError } from '../lib/errors';
import { newestFirst } from '../lib/templateEditor';
import { formatFull } from '../lib/time';

interface Props {
  template: Template; // the latest version; a new one reloads the history
  onUse: (body: string) => void;
}

export function TemplateHistory({ template, onUse }: Props) {
  const { lang, t } = useI18n();
  const [versions, setVersions] = useState<Template[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    api.templateVersions(template.program, template.key, controller.signal).then(
      (list) => setVersions(newestFirst(list)),
      (e: unknown) => {
        if (!controller.signal.aborted) setError(e);
      },
    );
    return () => controller.abort();
  }, [template.program, template.key, template.version]);

  return (
    <section className="template-history" data-testid="template-history" aria-labelledby="template-history-title">
      <h3 id="template-history-title" className="tool-subheading">
        {t('templates.history.title')}
      </h3>
      {error !== null && (
        <p className="alert alert-error" role="alert">
          {describeError(error, lang, t)}
        </p>
      )}
      {versions === null && error === null && <p role="status">{t('templates.loading')}</p>}
      <ol className="template-versions">
        {versions?.map((v) => (
          <li key={v.version} data-testid="template-version" data-version={v.version}>
            <details>
              <summary>
                <span className="mono">v{v.version}</span>{' '}
                <time dateTime={v.created_at}>{formatFull(v.created_at, lang)}</time>{' '}
                <span data-testid="template-version-by">
                  {v.created_by === 'startup' ? t('templates.history.startup') : v.created_by}
                </span>
                {v.version === template.version && (
                  <span className="badge badge-active">{t('templates.history.current')}</span>
                )}
              </summary>
              <p className="template-version-body">{v.body}</p>
              <button
                type="button"
                className="button button-quiet"
                data-testid="template-version-use"
                onClick={() => onUse(v.body)}
              >
                {t('templates.history.use')}
              </button>
            </details>
          </li>
        ))}
      </ol>
    </section>
  );
}
