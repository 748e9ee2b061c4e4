// One template's editor: the body in a textarea, the variables it may use (a click puts one where
// the caret is), what is wrong before saving, and the save (POST) with the server's reasons on a 400.
import { useId, useRef, useState } from 'react';
import { api } from '../api/client';
import type { Template } from '../api/types';
import { useI18n, type MessageKey } from '../i18n';
import { describeError } from '../lib/errors';
import {
  bodyLength,
  bodyProblem,
  isNewVersion,
  templateBodyCharsMax,
  unknownVariables,
} from '../lib/templateEditor';
import { insertText, templateName } from '../lib/templates';
import { reasonLines } from '../lib/wrapUp';

interface Props {
  template: Template; // the latest version
  draft: string | null; // unsaved text, or null when the textarea shows the latest version
  onDraft: (text: string | null) => void;
  onSaved: (template: Template) => void;
}

// What the shipped variables stand for; others are shown by name only.
const variableKeys: Record<string, MessageKey> = {
  counselor_name: 'templates.var.counselor_name',
  next_opening: 'templates.var.next_opening',
  hours: 'templates.var.hours',
  helplines: 'templates.var.helplines',
};

type Outcome = { kind: 'saved'; version: number; isNew: boolean } | { kind: 'failed'; lines: string[] } | null;

export function TemplateEditor({ template, draft, onDraft, onSaved }: Props) {
  const { lang, t } = useI18n();
  const id = useId();
  const input = useRef<HTMLTextAreaElement>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  const body = draft ?? template.body;
  const changed = body !== template.body;
  const problem = bodyProblem(body, template.variables);
  const unknown = unknownVariables(body, template.variables);
  const length = bodyLength(body);

  function edit(text: string) {
    setOutcome(null);
    onDraft(text === template.body ? null : text);
  }

  function insertVariable(name: string) {
    const el = input.current;
    const next = insertText(body, el?.selectionStart ?? body.length, el?.selectionEnd ?? body.length, `{{${name}}}`);
    edit(next.text);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(next.caret, next.caret);
    });
  }

  async function save(event: React.FormEvent) {
    event.preventDefault();
    if (!changed || problem === 'empty' || problem === 'too_long') return;
    setBusy(true);
    setOutcome(null);
    try {
      const saved = await api.saveTemplate(template.program, template.key, body);
      setOutcome({ kind: 'saved', version: saved.version, isNew: isNewVersion(template, saved) });
      onSaved(saved);
    } catch (e) {
      const lines = reasonLines(e, lang); // a 400 lists every reason
      setOutcome({ kind: 'failed', lines: lines.length > 0 ? lines : [describeError(e, lang, t)] });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="template-editor" onSubmit={save} data-testid="template-editor" data-template-key={template.key}>
      <h3 className="tool-heading">
        {templateName(template, lang)}{' '}
        <span className="muted mono">
          {template.program} / {template.key}
        </span>
      </h3>
      <p className="muted">
        {t(template.use === 'system' ? 'templates.use.systemLead' : 'templates.use.staffLead')}{' '}
        {t('templates.admin.latest', { version: template.version })}
      </p>
      <label htmlFor={`${id}-body`} className="reply-label">
        {t('templates.admin.body')}
      </label>
      <textarea
        id={`${id}-body`}
        ref={input}
        className="reply-input template-body"
        data-testid="template-body"
        rows={8}
        value={body}
        readOnly={busy}
        aria-invalid={problem !== null}
        aria-describedby={`${id}-count ${id}-vars${problem ? ` ${id}-problem` : ''}`}
        onChange={(e) => edit(e.target.value)}
      />
      <span
        id={`${id}-count`}
        className={length > templateBodyCharsMax ? 'wrapup-count wrapup-count-over' : 'wrapup-count'}
      >
        {t('reply.counter', { n: length.toLocaleString(), max: templateBodyCharsMax.toLocaleString() })}
      </span>
      <div id={`${id}-vars`} className="template-vars" data-testid="template-variables">
        <span>{template.variables.length > 0 ? t('templates.admin.variables') : t('templates.admin.noVariables')}</span>
        {template.variables.map((name) => (
          <button
            key={name}
            type="button"
            className="chip"
            data-testid="template-variable"
            data-variable={name}
            title={t('templates.admin.insertVariable')}
            onClick={() => insertVariable(name)}
          >
            <code>{`{{${name}}}`}</code>
            {variableKeys[name] && <span className="muted"> {t(variableKeys[name])}</span>}
          </button>
        ))}
      </div>
      {problem && (
        <p id={`${id}-problem`} className="alert alert-warning" data-testid="template-problem" data-problem={problem}>
          {problem === 'empty' && t('templates.problem.empty')}
          {problem === 'too_long' && t('templates.problem.tooLong', { max: templateBodyCharsMax.toLocaleString() })}
          {problem === 'unknown_variables' &&
            t('templates.problem.unknown', { names: unknown.map((n) => `{{${n}}}`).join('、') })}
        </p>
      )}
      {outcome?.kind === 'failed' && (
        <div className="alert alert-error" role="alert" data-testid="template-save-error">
          <p>{t('templates.admin.saveFailed')}</p>
          <ul>
            {outcome.lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
      {outcome?.kind === 'saved' && (
        <p className="inline-ok" role="status" data-testid="template-saved" data-new-version={String(outcome.isNew)}>
          {outcome.isNew
            ? t('templates.admin.saved', { version: outcome.version })
            : t('templates.admin.unchanged', { version: outcome.version })}
        </p>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="button"
          data-testid="template-reset"
          disabled={!changed || busy}
          onClick={() => edit(template.body)}
        >
          {t('templates.admin.reset')}
        </button>
        <button
          type="submit"
          className="button button-primary"
          data-testid="template-save"
          disabled={!changed || busy || problem === 'empty' || problem === 'too_long'}
        >
          {busy ? t('templates.admin.saving') : t('templates.admin.save')}
        </button>
      </div>
    </form>
  );
}
