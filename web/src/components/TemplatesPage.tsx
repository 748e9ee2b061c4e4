// The admins' 定型文の管理: every program's templates (latest versions) on the left, grouped by
// program; the chosen one's editor and version history on the right. Unsaved edits are kept per
// template while the page is open, so moving between templates loses nothing.
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Template } from '../api/types';
import { useI18n } from '../i18n';
import { describeError } from '../lib/errors';
import { groupByProgram, templateId, withSaved } from '../lib/templateEditor';
import { templateName } from '../lib/templates';
import { TemplateEditor } from './TemplateEditor';
import { TemplateHistory } from './TemplateHistory';

export function TemplatesPage() {
  const { lang, t } = useI18n();
  const [templates, setTemplates] = useState<Template[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [drafts, setDrafts] = useState<Record<string, string>>({});

  useEffect(() => {
    const controller = new AbortController();
    setLoadError(null);
    api.adminTemplates(controller.signal).then(setTemplates, (e: unknown) => {
      if (!controller.signal.aborted) setLoadError(e);
    });
    return () => controller.abort();
  }, [attempt]);

  const groups = templates ? groupByProgram(templates) : [];
  const selected =
    templates?.find((tpl) => templateId(tpl) === selectedId) ?? groups[0]?.templates[0] ?? null;

  function setDraft(id: string, text: string | null) {
    setDrafts((d) => {
      const next = { ...d };
      if (text === null) delete next[id];
      else next[id] = text;
      return next;
    });
  }

  function saved(template: Template) {
    setTemplates((list) => (list ? withSaved(list, template) : list));
    setDraft(templateId(template), null);
  }

  return (
    <main className="page templates-page" data-testid="templates-page" aria-labelledby="templates-title">
      <div className="page-head">
        <h2 id="templates-title">{t('templates.admin.title')}</h2>
      </div>
      {loadError !== null && (
        <div className="alert alert-error" role="alert">
          <p>
            {t('templates.admin.loadError')} {describeError(loadError, lang, t)}
          </p>
          <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
            {t('list.retry')}
          </button>
        </div>
      )}
      {templates === null && loadError === null && <p role="status">{t('templates.loading')}</p>}
      {templates !== null && templates.length === 0 && <p className="muted">{t('templates.none')}</p>}
      {selected && (
        <div className="templates-layout">
          <nav className="template-index" aria-label={t('templates.admin.index')}>
            {groups.map((g) => (
              <section key={g.program} className="template-program" data-testid="template-program" data-program={g.program}>
                <h3 className="template-program-name">{t('templates.admin.program', { program: g.program })}</h3>
                <ul>
                  {g.templates.map((tpl) => {
                    const id = templateId(tpl);
                    return (
                      <li key={id}>
                        <button
                          type="button"
                          className="template-index-item"
                          data-testid="template-index-item"
                          data-template-id={id}
                          aria-current={id === templateId(selected) ? 'true' : undefined}
                          onClick={() => setSelectedId(id)}
                        >
                          <span>{templateName(tpl, lang)}</span>
                          <span className="muted mono">v{tpl.version}</span>
                          {tpl.use === 'system' && <span className="badge badge-muted">{t('templates.use.system')}</span>}
                          {drafts[id] !== undefined && (
                            <span className="badge badge-pending">{t('templates.admin.unsaved')}</span>
                          )}
                        </button>
                      </li>
                    );
                  })}
                </ul>
              </section>
            ))}
          </nav>
          <div className="template-detail">
            <TemplateEditor
              key={templateId(selected)}
              template={selected}
              draft={drafts[templateId(selected)] ?? null}
              onDraft={(text) => setDraft(templateId(selected), text)}
              onSaved={saved}
            />
            <TemplateHistory
              key={`history-${templateId(selected)}`}
              template={selected}
              onUse={(body) => setDraft(templateId(selected), body === selected.body ? null : body)}
            />
          </div>
        </div>
      )}
    </main>
  );
}
