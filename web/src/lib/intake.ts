// The chatbot's part of a conversation (docs/scenarios.md): the bot status badge, the intake
// answers in words, and how a client's button press on a bot question reads. Pure functions only.
// The value codes are the ones in data/scenarios/center.json; anything else is shown as it is.
import type { Conversation, Message } from '../api/types';
import type { MessageKey, Translate } from '../i18n';

export type BotStatus = Conversation['bot_status'];

// Only the states a counselor needs to notice get a badge: still with the bot, or ended by it.
export function botStatusKey(status: BotStatus | null | undefined): MessageKey | null {
  if (status === 'running') return 'bot.status.running';
  if (status === 'ended') return 'bot.status.ended';
  return null;
}

// The intake keys in the order the scenario asks them.
export const intakeKeyOrder = ['consent', 'intake', 'age_band', 'gender', 'area', 'topic'] as const;

const keyKeys: Record<string, MessageKey> = {
  consent: 'intake.key.consent',
  intake: 'intake.key.intake',
  age_band: 'intake.key.age_band',
  gender: 'intake.key.gender',
  area: 'intake.key.area',
  topic: 'intake.key.topic',
};

const valueKeys: Record<string, Record<string, MessageKey>> = {
  consent: {
    agree: 'intake.value.consent.agree',
    decline: 'intake.value.consent.decline',
  },
  intake: {
    answer: 'intake.value.intake.answer',
    skip: 'intake.value.intake.skip',
  },
  age_band: {
    elementary: 'intake.value.age_band.elementary',
    junior_high: 'intake.value.age_band.junior_high',
    high_school: 'intake.value.age_band.high_school',
    '18_19': 'intake.value.age_band.18_19',
    '20s': 'intake.value.age_band.20s',
    '30_plus': 'intake.value.age_band.30_plus',
    guardian: 'intake.value.age_band.guardian',
  },
  gender: {
    female: 'intake.value.gender.female',
    male: 'intake.value.gender.male',
    other: 'intake.value.gender.other',
  },
  area: {
    nagoya: 'intake.value.area.nagoya',
    outside: 'intake.value.area.outside',
  },
  topic: {
    school: 'intake.value.topic.school',
    friends: 'intake.value.topic.friends',
    bullying: 'intake.value.topic.bullying',
    family: 'intake.value.topic.family',
    romance: 'intake.value.topic.romance',
    health: 'intake.value.topic.health',
    other: 'intake.value.topic.other',
  },
};

// 「答えない」 is a choice on every question.
const noAnswer = 'no_answer';

const own = (table: Record<string, MessageKey>, code: string): MessageKey | undefined =>
  Object.prototype.hasOwnProperty.call(table, code) ? table[code] : undefined;

export function intakeKeyLabel(key: string, t: Translate): string {
  const k = own(keyKeys, key);
  return k ? t(k) : key;
}

export function intakeValueLabel(key: string, value: string, t: Translate): string {
  if (value === noAnswer) return t('intake.value.no_answer');
  const table = Object.prototype.hasOwnProperty.call(valueKeys, key) ? valueKeys[key] : undefined;
  const k = table ? own(table, value) : undefined;
  return k ? t(k) : value;
}

export interface IntakeEntry {
  key: string;
  value: string;
  keyLabel: string;
  valueLabel: string;
}

// The answers to show: the known keys in the scenario's order, then any others in the order the
// server gave them. Empty or non-string values (nothing to show) are left out.
export function intakeEntries(intake: Record<string, unknown> | null | undefined, t: Translate): IntakeEntry[] {
  if (!intake || typeof intake !== 'object') return [];
  const known: readonly string[] = intakeKeyOrder;
  const keys = [
    ...intakeKeyOrder.filter((k) => Object.prototype.hasOwnProperty.call(intake, k)),
    ...Object.keys(intake).filter((k) => !known.includes(k)),
  ];
  const entries: IntakeEntry[] = [];
  for (const key of keys) {
    const value = intake[key];
    if (typeof value !== 'string' || value === '') continue;
    entries.push({ key, value, keyLabel: intakeKeyLabel(key, t), valueLabel: intakeValueLabel(key, value, t) });
  }
  return entries;
}

// A client's tap on a bot button arrives as a postback whose data is `bot:<node>:<value>`. This
// returns the value (the text after the last `:`), or null for any other message.
export function botChoiceValue(
  message: Pick<Message, 'direction' | 'sender_kind' | 'content_kind' | 'text'>,
): string | null {
  if (message.content_kind !== 'postback' || message.direction !== 'inbound' || message.sender_kind !== 'client') {
    return null;
  }
  if (!message.text.startsWith('bot:')) return null;
  const value = message.text.slice(message.text.lastIndexOf(':') + 1).trim();
  return value === '' ? null : value;
}

// How a chosen value reads. The postback names the node, not the intake key, so the value is
// looked up in every key's table; it gets a label only when all the tables that know it agree
// (「その他」 is「その他」 for both gender and topic). Otherwise it is shown as it is.
export function choiceLabel(value: string, t: Translate): string {
  if (value === noAnswer) return t('intake.value.no_answer');
  const labels = new Set<string>();
  for (const table of Object.values(valueKeys)) {
    const k = own(table, value);
    if (k) labels.add(t(k));
  }
  const [only] = labels;
  return labels.size === 1 && only !== undefined ? only : value;
}
