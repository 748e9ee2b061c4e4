// Supervisors: record a disclosure to a third party (legal basis, recipient, what was disclosed,
// a note) and see the ones recorded for this conversation. The disclosure itself happens outside
// the system; this is the audit record.
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import type { Conversation, Disclosure, DisclosureBasis, DisclosureField } from '../api/types';
import { api, ApiError } from '../api/client';
import { useI18n, type MessageKey } from '../i18n';
import { describeError } from '../lib/errors';
import { localizeServerMessage } from '../lib/serverMessage';
import { formatFull } from '../lib/time';

const bases: DisclosureBasis[] = ['consent', 'art27_1_ii', 'art27_1_iii'];
const basisKeys: Record<DisclosureBasis, MessageKey> = {
  consent: 'disclosure.basis.consent',
  art27_1_ii: 'disclosure.basis.art27_1_ii',
  art27_1_iii: 'disclosure.basis.art27_1_iii',
};
const fields: DisclosureField[] = [
  'name',
  'age',
  'address',
  'school',
  'phone',
  'line_user_id',
  'location',
  'conversation_summary',
  'messages',
];
const fieldKeys: Record<DisclosureField, MessageKey> = {
  name: 'disclosure.field.name',
  age: 'disclosure.field.age',
  address: 'disclosure.field.address',
  school: 'disclosure.field.school',
  phone: 'disclosure.field.phone',
  line_user_id: 'disclosure.field.line_user_id',
  location: 'disclosure.field.location',
  conversation_summary: 'disclosure.field.conversation_summary',
  messages: 'disclosure.field.messages',
};

export function DisclosurePanel({ conversation }: { conversation: Conversation }) {
  const { lang, t } = useI18n();
  const uid = useId();
  const id = conversation.id;
  const [list, setList] = useState<Disclosure[] | null>(null);
  const [basis, setBasis] = useState<DisclosureBasis>('art27_1_ii');
  const [recipient, setRecipient] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<DisclosureField>>(new Set());
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const load = useCallback(
    (signal?: AbortSignal) => {
      api.disclosures(id, signal).then(setList, (e: unknown) => {
        if (e instanceof DOMException && e.name === 'AbortError') return;
        if (e instanceof ApiError && e.status === 401) return;
        setList([]);
      });
    },
    [id],
  );

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load]);

  function toggle(field: DisclosureField) {
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(field)) next.delete(field);
      else next.add(field);
      return next;
    });
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    if (recipient.trim() === '') {
      setProblem(t('disclosure.needRecipient'));
      return;
    }
    if (chosen.size === 0) {
      setProblem(t('disclosure.needFields'));
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const body = {
        basis,
        recipient: recipient.trim(),
        fields: fields.filter((f) => chosen.has(f)),
        ...(note.trim() ? { note: note.trim() } : {}),
      };
      const stored = await api.recordDisclosure(id, body);
      setList((l) => [...(l ?? []), stored]);
      setRecipient('');
      setChosen(new Set());
      setNote('');
      setSaved(true);
    } catch (error) {
      setProblem(describeError(error, lang, t));
    } finally {
      setBusy(false);
    }
  }

  const basisLabel = (d: Disclosure) => {
    const key = basisKeys[d.basis];
    return key ? t(key) : localizeServerMessage(d.basis_label, lang);
  };
  const fieldLabel = (f: string) => {
    const key = (fieldKeys as Record<string, MessageKey | undefined>)[f];
    return key ? t(key) : f;
  };

  return (
    <details className="disclosure-panel" data-testid="disclosure-panel">
      <summary className="tool-heading">
        {t('disclosure.heading')}
        {list && list.length > 0 && (
          <span className="tab-count" data-count={list.length}>
            {list.length}
          </span>
        )}
      </summary>
      <p className="tool-lead">{t('disclosure.lead')}</p>
      <form className="disclosure-form" onSubmit={submit} noValidate>
        <div className="form-row">
          <label htmlFor={`${uid}-basis`}>{t('disclosure.basis')}</label>
          <select
            id={`${uid}-basis`}
            data-testid="disclosure-basis"
            value={basis}
            onChange={(e) => setBasis(e.target.value as DisclosureBasis)}
          >
            {bases.map((b) => (
              <option key={b} value={b}>
                {t(basisKeys[b])}
              </option>
            ))}
          </select>
        </div>
        <div className="form-row">
          <label htmlFor={`${uid}-recipient`}>{t('disclosure.recipient')}</label>
          <input
            id={`${uid}-recipient`}
            className="text-input"
            data-testid="disclosure-recipient"
            required
            maxLength={500}
            placeholder={t('disclosure.recipientPlaceholder')}
            value={recipient}
            onChange={(e) => setRecipient(e.target.value)}
          />
        </div>
        <fieldset className="form-row disclosure-fields">
          <legend>{t('disclosure.fields')}</legend>
          {fields.map((f) => (
            <label key={f} className="checkbox">
              <input
                type="checkbox"
                data-testid="disclosure-field"
                value={f}
                checked={chosen.has(f)}
                onChange={() => toggle(f)}
              />
              {t(fieldKeys[f])}
            </label>
          ))}
        </fieldset>
        <div className="form-row">
          <label htmlFor={`${uid}-note`}>{t('disclosure.note')}</label>
          <input
            id={`${uid}-note`}
            className="text-input"
            data-testid="disclosure-note"
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" data-testid="disclosure-submit" disabled={busy}>
            {busy ? t('disclosure.submitting') : t('disclosure.submit')}
          </button>
          {problem && (
            <span className="inline-error" role="alert" data-testid="disclosure-error">
              {problem}
            </span>
          )}
          {saved && (
            <span className="inline-ok" role="status">
              {t('disclosure.saved')}
            </span>
          )}
        </div>
      </form>
      <h4 className="tool-subheading">{t('disclosure.list')}</h4>
      {list !== null && list.length === 0 && <p className="tool-lead">{t('disclosure.none')}</p>}
      <ul className="disclosure-list" data-testid="disclosure-list">
        {list?.map((d, i) => (
          <li key={`${d.at}-${i}`} data-testid="disclosure-entry">
            <p>
              <strong>{t('disclosure.entry', { time: formatFull(d.at, lang), recipient: d.recipient })}</strong>
            </p>
            <p>{basisLabel(d)}</p>
            <p>{d.fields.map(fieldLabel).join('、')}</p>
            {d.note && <p className="tool-lead">{d.note}</p>}
          </li>
        ))}
      </ul>
    </details>
  );
}
