// The level-3 emergency checklist (R21): the four steps, who did each and when, and a button per
// open step. Approval is a supervisor's; the other steps are the assignee's or a supervisor's.
// Reloads whenever the conversation changes on the stream (`revision`).
import { useCallback, useEffect, useState } from 'react';
import type { Conversation, EmergencyChecklist as Checklist, EmergencyStepName, Staff } from '../api/types';
import { api, ApiError } from '../api/client';
import { useI18n, type MessageKey } from '../i18n';
import { describeError } from '../lib/errors';
import { canRecordEmergencyStep } from '../lib/permissions';
import { localizeServerMessage } from '../lib/serverMessage';
import { formatFull } from '../lib/time';

const stepKeys: Record<EmergencyStepName, MessageKey> = {
  keep_chatting: 'emergency.step.keep_chatting',
  ask_location: 'emergency.step.ask_location',
  call_emergency: 'emergency.step.call_emergency',
  supervisor_approval: 'emergency.step.supervisor_approval',
};

const fallbackSteps: EmergencyStepName[] = ['keep_chatting', 'ask_location', 'call_emergency', 'supervisor_approval'];

interface Props {
  staff: Staff;
  conversation: Conversation;
  revision: number;
}

export function EmergencyChecklist({ staff, conversation, revision }: Props) {
  const { lang, t } = useI18n();
  const [checklist, setChecklist] = useState<Checklist | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [busy, setBusy] = useState<EmergencyStepName | null>(null);
  const [notes, setNotes] = useState<Partial<Record<EmergencyStepName, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const id = conversation.id;

  const load = useCallback(
    (signal?: AbortSignal) => {
      api.emergency(id, signal).then(
        (body) => {
          setChecklist(body);
          setLoadFailed(false);
        },
        (e: unknown) => {
          if (e instanceof DOMException && e.name === 'AbortError') return;
          if (e instanceof ApiError && e.status === 401) return;
          setLoadFailed(true);
        },
      );
    },
    [id],
  );

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load, revision]);

  async function record(step: EmergencyStepName) {
    setBusy(step);
    setError(null);
    try {
      const body = await api.recordEmergencyStep(id, step, (notes[step] ?? '').trim());
      setChecklist(body);
      setNotes((n) => ({ ...n, [step]: '' }));
    } catch (e) {
      setError(describeError(e, lang, t));
      load();
    } finally {
      setBusy(null);
    }
  }

  const steps = checklist?.steps.map((s) => s.step) ?? fallbackSteps;
  const labelOf = (step: EmergencyStepName): string => {
    const key = stepKeys[step];
    if (key) return t(key);
    const server = checklist?.steps.find((s) => s.step === step)?.label;
    return server ? localizeServerMessage(server, lang) : step;
  };

  return (
    <section className="emergency-panel" aria-labelledby="emergency-heading" data-testid="emergency-panel">
      <h3 id="emergency-heading" className="tool-heading">
        <span className="risk-icon" aria-hidden="true">
          !
        </span>
        {t('emergency.heading')}
      </h3>
      <p className="tool-lead">{t('emergency.lead')}</p>
      {loadFailed && (
        <div className="alert alert-error" role="alert">
          <p>{t('emergency.error')}</p>
          <button type="button" className="button" onClick={() => load()}>
            {t('conv.retry')}
          </button>
        </div>
      )}
      {!checklist && !loadFailed && <p role="status">{t('emergency.loading')}</p>}
      {checklist && (
        <ol className="emergency-steps">
          {steps.map((step) => {
            const done = checklist.done.find((d) => d.step === step);
            const approval = step === 'supervisor_approval';
            const allowed = canRecordEmergencyStep(staff, conversation, approval);
            const hintId = `emergency-hint-${step}`;
            return (
              <li
                key={step}
                className={`emergency-step${done ? ' emergency-step-done' : ''}`}
                data-testid="emergency-step"
                data-step={step}
                data-done={Boolean(done)}
              >
                <span className="emergency-check" aria-hidden="true">
                  {done ? '✓' : ''}
                </span>
                <div className="emergency-body">
                  <p className="emergency-label">{labelOf(step)}</p>
                  {done ? (
                    <p className="emergency-done" data-testid="emergency-done">
                      {t('emergency.done', { name: done.done_by_name, time: formatFull(done.done_at, lang) })}
                      {done.note && <span className="emergency-note-text">「{done.note}」</span>}
                    </p>
                  ) : (
                    <div className="emergency-record">
                      <label className="visually-hidden" htmlFor={`emergency-note-${step}`}>
                        {t('emergency.note')}: {labelOf(step)}
                      </label>
                      <input
                        id={`emergency-note-${step}`}
                        className="text-input"
                        data-testid="emergency-note"
                        data-step={step}
                        placeholder={t('emergency.note')}
                        value={notes[step] ?? ''}
                        disabled={!allowed || busy !== null}
                        maxLength={500}
                        onChange={(e) => setNotes((n) => ({ ...n, [step]: e.target.value }))}
                      />
                      <button
                        type="button"
                        className={`button ${approval ? 'button-primary' : ''}`}
                        data-testid="emergency-record"
                        data-step={step}
                        disabled={!allowed || busy !== null}
                        aria-describedby={allowed ? undefined : hintId}
                        onClick={() => record(step)}
                      >
                        {busy === step ? t('emergency.recording') : approval ? t('emergency.approve') : t('emergency.record')}
                        <span className="visually-hidden">: {labelOf(step)}</span>
                      </button>
                      {!allowed && (
                        <span id={hintId} className="emergency-hint">
                          {approval ? t('emergency.approvalOnlySupervisor') : t('emergency.onlyAssignee')}
                        </span>
                      )}
                    </div>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {error && (
        <div className="alert alert-error" role="alert" data-testid="emergency-error">
          <span>{error}</span>
        </div>
      )}
    </section>
  );
}
