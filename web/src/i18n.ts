// Every string the console shows lives here, in Japanese (the default) and English.
// Components take text only through `t(key)`, so a missing translation is a type error.
import { createContext, useContext } from 'react';

export type Lang = 'ja' | 'en';

const ja = {
  'app.name': 'つなぐ',
  'app.nameLatin': 'tsunagu',
  'app.title': 'つなぐ 相談コンソール',
  'app.subtitle': '相談コンソール',
  'app.loading': '読み込んでいます…',

  'login.heading': 'ログイン',
  'login.lead': '相談員・スーパーバイザー用のコンソールです。',
  'login.id': 'ログインID',
  'login.password': 'パスワード',
  'login.submit': 'ログイン',
  'login.submitting': 'ログインしています…',
  'login.required': 'ログインIDとパスワードを入力してください。',
  'login.throttledTitle': '一時的にログインできません',
  'login.retryIn': 'あと{minutes}分ほどで、もう一度お試しいただけます。',
  'login.throttled': 'ログインの失敗が続いたため、安全のためにログインを止めています。しばらく（最大15分ほど）待ってから、もう一度お試しください。',
  'login.sessionEnded': 'セッションが終了しました。もう一度ログインしてください。',
  'login.loggedOut': 'ログアウトしました。',

  'role.counselor': '相談員',
  'role.supervisor': 'スーパーバイザー',
  'role.admin': '管理者',

  'header.user': 'ログイン中のスタッフ',
  'header.logout': 'ログアウト',
  'header.langSwitch': 'English',
  'header.langSwitchLabel': '表示言語を英語に切り替える',

  'conn.label': 'リアルタイム接続',
  'conn.connecting': '接続しています…',
  'conn.open': '接続中',
  'conn.reconnecting': '再接続中…',

  'tabs.label': '相談の種類',
  'tabs.waiting': '未対応',
  'tabs.mine': '自分の担当',
  'tabs.all': 'すべて',
  'tabs.count': '{n}',

  'list.label': '相談の一覧',
  'list.loading': '一覧を読み込んでいます…',
  'list.error': '一覧を読み込めませんでした。',
  'list.retry': '再読み込み',
  'list.empty.waiting': '対応を待っている相談はありません。',
  'list.empty.mine': '担当している相談はありません。',
  'list.empty.all': '相談はありません。',
  'list.unread': '未読あり',
  'list.unassigned': '担当者なし',
  'list.assignee': '担当: {name}',
  'list.lastActivity': '最終: {time}',
  'list.blocked': 'ブロック中',

  'status.waiting': '待機中',
  'status.active': '対応中',
  'status.closed': '終了',

  'time.justNow': 'たった今',
  'time.minutesAgo': '{n}分前',
  'time.hoursAgo': '{n}時間前',
  'time.daysAgo': '{n}日前',

  'conv.none': '左の一覧から相談を選んでください。',
  'conv.back': '一覧に戻る',
  'conv.loading': '相談を読み込んでいます…',
  'conv.error': '相談を読み込めませんでした。',
  'conv.retry': 'もう一度読み込む',
  'conv.notFound': 'この相談は見つからないか、見る権限がありません。',
  'conv.assignee': '担当',
  'conv.opened': '開始',
  'conv.closedAt': '終了',
  'conv.take': '担当する',
  'conv.taking': '担当しています…',
  'conv.close': '終了する',
  'conv.closing': '終了しています…',
  'conv.blocked': 'この相談者はアカウントをブロックしています。返信しても届きません。',
  'conv.dismiss': '閉じる',

  'confirm.close.title': 'この相談を終了しますか？',
  'confirm.close.body': '{name} との相談を終了します。終了すると、この相談には返信できなくなります。',
  'confirm.close.confirm': '終了する',
  'confirm.cancel': 'キャンセル',

  'timeline.label': 'メッセージ',
  'timeline.empty': 'まだメッセージはありません。',
  'timeline.newMessages': '新しいメッセージがあります ↓',

  'delivery.queued': '送信待ち',
  'delivery.delivered': '送信済み',
  'delivery.failed': '送信失敗',
  'delivery.reason': '理由: {error}',
  'delivery.reasonUnknown': '理由は不明です',

  'content.unsupported': '{kind}（この種類はまだ表示できません）',
  'content.kind.sticker': 'スタンプ',
  'content.kind.image': '画像',
  'content.kind.video': '動画',
  'content.kind.audio': '音声',
  'content.kind.file': 'ファイル',
  'content.kind.location': '位置情報',
  'content.kind.other': 'メッセージ（{type}）',
  'content.postback': 'ボタン操作: {data}',

  'sender.client': '相談者',
  'sender.staff': 'スタッフ',
  'sender.bot': 'ボット',
  'sender.system': 'システム',

  'reply.label': '返信',
  'reply.placeholder': '返信を入力（{shortcut} で送信）',
  'reply.send': '送信',
  'reply.sending': '送信中…',
  'reply.counter': '{n} / {max} 文字',
  'reply.tooLong': '{max}文字を超えています。短くしてください。',
  'reply.stepIn': 'スーパーバイザーとして、{name}さんの相談に返信します。',
  'reply.disabled.closed': 'この相談は終了しているため、返信できません。',
  'reply.disabled.waiting': '返信するには、先に「担当する」を押してください。',
  'reply.disabled.other': 'この相談は{name}さんが担当しています。担当者だけが返信できます。',
  'reply.disabled.role': 'この役割では返信できません。',

  'error.network': 'サーバーに接続できません。ネットワークを確認してください。',
  'error.unexpected': '予期しないエラーが起きました。時間をおいてもう一度お試しください。',

  'risk.badge': 'レベル{level} {label}',
  'risk.badgeTitle': 'リスク: {level}（{categories}）',
  'risk.badgeTitleNoCategories': 'リスク: {level}',
  'risk.level.0': 'なし',
  'risk.level.1': '希死念慮',
  'risk.level.2': '計画・手段',
  'risk.level.3': '切迫',
  'risk.cat.ideation': '希死念慮',
  'risk.cat.plan_means': '計画・手段',
  'risk.cat.self_harm': '自傷',
  'risk.cat.abuse_family': '家族からの虐待',
  'risk.cat.sexual': '性被害・性的搾取',
  'risk.cat.bullying': 'いじめ',
  'risk.cat.runaway': '家出・深夜外出',
  'risk.cat.crime_victim': '犯罪被害',
  'risk.categoriesOnly': '区分: {categories}',
  'risk.note.summary': 'リスクの提案: {level}',
  'risk.note.summaryCategories': 'リスクの提案: {level}（{categories}）',
  'risk.note.reasons': '理由',
  'risk.note.disclaimer': '分析器による提案です。判断は人が行います。',
  'risk.signal': '否定・誇張・伝聞として扱った表現があります（{categories}）',
  'risk.markLabel': 'リスクの該当箇所',
  'risk.signalMarkLabel': '参考（否定・誇張・伝聞）',

  'alerts.heading': 'リスク通知',
  'alerts.count': '{n}件',
  'alerts.loading': '通知を読み込んでいます…',
  'alerts.error': '通知を読み込めませんでした。',
  'alerts.empty': '未確認の通知はありません。',
  'alerts.messages': '{n}通',
  'alerts.open': '相談を開く',
  'alerts.ack': '確認',
  'alerts.acking': '確認しています…',
  'alerts.acked': '確認済み',
  'alerts.dismiss': '閉じる',
  'alerts.banner.label': '新しいリスク通知',
  'alerts.banner.text': '{name} さん: {level}',
  'alerts.banner.ackedText': '{name} さん: {level}（確認済み）',

  'debrief.heading': 'デブリーフ',
  'debrief.empty': 'デブリーフの対象者はいません。',
  'debrief.item': '{name}: レベル2以上の相談 {n}件',
  'debrief.flaggedAt': '{time} に対象',
  'debrief.clear': '実施済みにする',
  'debrief.clearing': '記録しています…',
  'debrief.new': 'デブリーフの対象になりました: {name}',

  'emergency.heading': '緊急対応チェックリスト',
  'emergency.lead': 'レベル3（切迫）の相談です。手順を行ったら記録してください。',
  'emergency.loading': 'チェックリストを読み込んでいます…',
  'emergency.error': 'チェックリストを読み込めませんでした。',
  'emergency.record': '記録する',
  'emergency.approve': '承認する',
  'emergency.recording': '記録しています…',
  'emergency.done': '{name}・{time}',
  'emergency.note': 'メモ（任意）',
  'emergency.approvalOnlySupervisor': '承認はスーパーバイザーが行います。',
  'emergency.onlyAssignee': '担当者またはスーパーバイザーが記録します。',
  'emergency.step.keep_chatting': '会話を続ける',
  'emergency.step.ask_location': '居場所を尋ねる',
  'emergency.step.call_emergency': '地域の手順に従い 110 / 119 に通報',
  'emergency.step.supervisor_approval': 'スーパーバイザーの承認',

  'disclosure.heading': '情報提供の記録',
  'disclosure.lead': '警察・児童相談所などへ情報を提供したときに、根拠と内容を記録します（提供そのものはシステムの外で行います）。',
  'disclosure.basis': '法的根拠',
  'disclosure.basis.consent': '本人の同意',
  'disclosure.basis.art27_1_ii': '個人情報保護法27条1項2号（生命・身体・財産の保護）',
  'disclosure.basis.art27_1_iii': '個人情報保護法27条1項3号（児童の健全な育成）',
  'disclosure.recipient': '提供先',
  'disclosure.recipientPlaceholder': '例: ○○警察署 生活安全課',
  'disclosure.fields': '提供した項目',
  'disclosure.field.name': '氏名',
  'disclosure.field.age': '年齢',
  'disclosure.field.address': '住所',
  'disclosure.field.school': '学校',
  'disclosure.field.phone': '電話番号',
  'disclosure.field.line_user_id': 'LINE ユーザーID',
  'disclosure.field.location': '現在地',
  'disclosure.field.conversation_summary': '相談の要約',
  'disclosure.field.messages': 'メッセージ本文',
  'disclosure.note': 'メモ（任意）',
  'disclosure.submit': '記録する',
  'disclosure.submitting': '記録しています…',
  'disclosure.saved': '記録しました。',
  'disclosure.needRecipient': '提供先を入力してください。',
  'disclosure.needFields': '提供した項目を1つ以上選んでください。',
  'disclosure.list': '記録済みの情報提供',
  'disclosure.none': '記録はありません。',
  'disclosure.entry': '{time}・{recipient}',
  'disclosure.by': '記録者ID {id}',
} as const;

export type MessageKey = keyof typeof ja;

const en: Record<MessageKey, string> = {
  'app.name': 'つなぐ',
  'app.nameLatin': 'tsunagu',
  'app.title': 'tsunagu counseling console',
  'app.subtitle': 'Counseling console',
  'app.loading': 'Loading…',

  'login.heading': 'Log in',
  'login.lead': 'The console for counselors and supervisors.',
  'login.id': 'Login ID',
  'login.password': 'Password',
  'login.submit': 'Log in',
  'login.submitting': 'Logging in…',
  'login.required': 'Enter your login ID and password.',
  'login.throttledTitle': 'Login is paused',
  'login.retryIn': 'You can try again in about {minutes} minutes.',
  'login.throttled': 'After several failed attempts, login is paused for safety. Please wait a while (up to about 15 minutes) and try again.',
  'login.sessionEnded': 'Your session has ended. Please log in again.',
  'login.loggedOut': 'You have logged out.',

  'role.counselor': 'Counselor',
  'role.supervisor': 'Supervisor',
  'role.admin': 'Administrator',

  'header.user': 'Logged in as',
  'header.logout': 'Log out',
  'header.langSwitch': '日本語',
  'header.langSwitchLabel': 'Switch the display language to Japanese',

  'conn.label': 'Live connection',
  'conn.connecting': 'Connecting…',
  'conn.open': 'Connected',
  'conn.reconnecting': 'Reconnecting…',

  'tabs.label': 'Conversation lists',
  'tabs.waiting': 'Waiting',
  'tabs.mine': 'Mine',
  'tabs.all': 'All',
  'tabs.count': '{n}',

  'list.label': 'Conversations',
  'list.loading': 'Loading the list…',
  'list.error': 'The list could not be loaded.',
  'list.retry': 'Reload',
  'list.empty.waiting': 'Nobody is waiting.',
  'list.empty.mine': 'You have no conversations.',
  'list.empty.all': 'There are no conversations.',
  'list.unread': 'Unread',
  'list.unassigned': 'Unassigned',
  'list.assignee': 'Assigned: {name}',
  'list.lastActivity': 'Last: {time}',
  'list.blocked': 'Blocked',

  'status.waiting': 'Waiting',
  'status.active': 'Active',
  'status.closed': 'Closed',

  'time.justNow': 'just now',
  'time.minutesAgo': '{n} min ago',
  'time.hoursAgo': '{n} h ago',
  'time.daysAgo': '{n} d ago',

  'conv.none': 'Choose a conversation from the list.',
  'conv.back': 'Back to the list',
  'conv.loading': 'Loading the conversation…',
  'conv.error': 'The conversation could not be loaded.',
  'conv.retry': 'Try again',
  'conv.notFound': 'This conversation does not exist, or you may not see it.',
  'conv.assignee': 'Assignee',
  'conv.opened': 'Opened',
  'conv.closedAt': 'Closed',
  'conv.take': 'Take',
  'conv.taking': 'Taking…',
  'conv.close': 'Close',
  'conv.closing': 'Closing…',
  'conv.blocked': 'This client has blocked the account. Replies will not be delivered.',
  'conv.dismiss': 'Dismiss',

  'confirm.close.title': 'Close this conversation?',
  'confirm.close.body': 'You are closing the conversation with {name}. Once closed, it cannot be replied to.',
  'confirm.close.confirm': 'Close conversation',
  'confirm.cancel': 'Cancel',

  'timeline.label': 'Messages',
  'timeline.empty': 'No messages yet.',
  'timeline.newMessages': 'New messages ↓',

  'delivery.queued': 'Queued',
  'delivery.delivered': 'Sent',
  'delivery.failed': 'Failed',
  'delivery.reason': 'Reason: {error}',
  'delivery.reasonUnknown': 'Reason unknown',

  'content.unsupported': '{kind} (this kind cannot be shown yet)',
  'content.kind.sticker': 'Sticker',
  'content.kind.image': 'Image',
  'content.kind.video': 'Video',
  'content.kind.audio': 'Audio',
  'content.kind.file': 'File',
  'content.kind.location': 'Location',
  'content.kind.other': 'Message ({type})',
  'content.postback': 'Button: {data}',

  'sender.client': 'Client',
  'sender.staff': 'Staff',
  'sender.bot': 'Bot',
  'sender.system': 'System',

  'reply.label': 'Reply',
  'reply.placeholder': 'Type a reply ({shortcut} to send)',
  'reply.send': 'Send',
  'reply.sending': 'Sending…',
  'reply.counter': '{n} / {max} characters',
  'reply.tooLong': 'Longer than {max} characters. Please shorten it.',
  'reply.stepIn': 'As a supervisor, you are replying in {name}’s conversation.',
  'reply.disabled.closed': 'This conversation is closed, so it cannot be replied to.',
  'reply.disabled.waiting': 'Take this conversation before replying.',
  'reply.disabled.other': '{name} is assigned to this conversation. Only the assignee can reply.',
  'reply.disabled.role': 'Your role cannot reply.',

  'error.network': 'Cannot reach the server. Please check the network.',
  'error.unexpected': 'Something unexpected went wrong. Please try again in a moment.',

  'risk.badge': 'Level {level} {label}',
  'risk.badgeTitle': 'Risk: {level} ({categories})',
  'risk.badgeTitleNoCategories': 'Risk: {level}',
  'risk.level.0': 'None',
  'risk.level.1': 'Ideation',
  'risk.level.2': 'Plan or means',
  'risk.level.3': 'Imminent',
  'risk.cat.ideation': 'Suicidal ideation',
  'risk.cat.plan_means': 'Plan or means',
  'risk.cat.self_harm': 'Self-harm',
  'risk.cat.abuse_family': 'Abuse in the family',
  'risk.cat.sexual': 'Sexual harm or exploitation',
  'risk.cat.bullying': 'Bullying',
  'risk.cat.runaway': 'Running away or out at night',
  'risk.cat.crime_victim': 'Crime victim',
  'risk.categoriesOnly': 'Categories: {categories}',
  'risk.note.summary': 'Suggested risk: {level}',
  'risk.note.summaryCategories': 'Suggested risk: {level} ({categories})',
  'risk.note.reasons': 'Reasons',
  'risk.note.disclaimer': 'A suggestion from the analyzer. People decide.',
  'risk.signal': 'Some phrases were read as negated, exaggerated or reported ({categories})',
  'risk.markLabel': 'Risk passage',
  'risk.signalMarkLabel': 'For reference (negated, exaggerated or reported)',

  'alerts.heading': 'Risk alerts',
  'alerts.count': '{n}',
  'alerts.loading': 'Loading alerts…',
  'alerts.error': 'The alerts could not be loaded.',
  'alerts.empty': 'No open alerts.',
  'alerts.messages': '{n} msg',
  'alerts.open': 'Open conversation',
  'alerts.ack': 'Acknowledge',
  'alerts.acking': 'Acknowledging…',
  'alerts.acked': 'Acknowledged',
  'alerts.dismiss': 'Dismiss',
  'alerts.banner.label': 'New risk alert',
  'alerts.banner.text': '{name}: {level}',
  'alerts.banner.ackedText': '{name}: {level} (acknowledged)',

  'debrief.heading': 'Debriefs',
  'debrief.empty': 'Nobody is flagged for a debrief.',
  'debrief.item': '{name}: {n} conversations at level 2 or more',
  'debrief.flaggedAt': 'flagged {time}',
  'debrief.clear': 'Mark as done',
  'debrief.clearing': 'Saving…',
  'debrief.new': 'Flagged for a debrief: {name}',

  'emergency.heading': 'Emergency checklist',
  'emergency.lead': 'This conversation is at level 3 (imminent). Record each step once it is done.',
  'emergency.loading': 'Loading the checklist…',
  'emergency.error': 'The checklist could not be loaded.',
  'emergency.record': 'Record',
  'emergency.approve': 'Approve',
  'emergency.recording': 'Saving…',
  'emergency.done': '{name}, {time}',
  'emergency.note': 'Note (optional)',
  'emergency.approvalOnlySupervisor': 'A supervisor approves.',
  'emergency.onlyAssignee': 'The assignee or a supervisor records this.',
  'emergency.step.keep_chatting': 'Keep the chat going',
  'emergency.step.ask_location': 'Ask where the person is',
  'emergency.step.call_emergency': 'Call 110 or 119 under the local protocol',
  'emergency.step.supervisor_approval': 'Supervisor approval',

  'disclosure.heading': 'Disclosures',
  'disclosure.lead': 'Record a disclosure to the police, a child guidance center or others, with its basis (the disclosure itself happens outside the system).',
  'disclosure.basis': 'Legal basis',
  'disclosure.basis.consent': 'The person’s consent',
  'disclosure.basis.art27_1_ii': 'APPI art. 27(1)(ii): protecting life, body or property',
  'disclosure.basis.art27_1_iii': 'APPI art. 27(1)(iii): the sound growth of children',
  'disclosure.recipient': 'Recipient',
  'disclosure.recipientPlaceholder': 'e.g. the local police station',
  'disclosure.fields': 'Disclosed',
  'disclosure.field.name': 'Name',
  'disclosure.field.age': 'Age',
  'disclosure.field.address': 'Address',
  'disclosure.field.school': 'School',
  'disclosure.field.phone': 'Phone number',
  'disclosure.field.line_user_id': 'LINE user ID',
  'disclosure.field.location': 'Current location',
  'disclosure.field.conversation_summary': 'Summary of the conversation',
  'disclosure.field.messages': 'Messages',
  'disclosure.note': 'Note (optional)',
  'disclosure.submit': 'Record',
  'disclosure.submitting': 'Saving…',
  'disclosure.saved': 'Recorded.',
  'disclosure.needRecipient': 'Enter the recipient.',
  'disclosure.needFields': 'Choose at least one item.',
  'disclosure.list': 'Recorded disclosures',
  'disclosure.none': 'None recorded.',
  'disclosure.entry': '{time}, {recipient}',
  'disclosure.by': 'recorded by staff #{id}',
};

const dictionaries: Record<Lang, Record<MessageKey, string>> = { ja, en };

export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

// Replaces {name} placeholders; an unknown placeholder stays visible so it is noticed.
export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  const template = dictionaries[lang][key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

// BCP 47 tags for Intl formatting.
export const locales: Record<Lang, string> = { ja: 'ja-JP', en: 'en-US' };

const storageKey = 'tsunagu.lang';

export function loadLang(): Lang {
  try {
    return globalThis.localStorage?.getItem(storageKey) === 'en' ? 'en' : 'ja';
  } catch {
    return 'ja'; // storage can be disabled by policy
  }
}

export function saveLang(lang: Lang): void {
  try {
    globalThis.localStorage?.setItem(storageKey, lang);
  } catch {
    // Not persisting the choice is harmless.
  }
}

export interface I18n {
  lang: Lang;
  t: Translate;
  setLang: (lang: Lang) => void;
}

export const I18nContext = createContext<I18n>({
  lang: 'ja',
  t: (key, vars) => translate('ja', key, vars),
  setLang: () => {},
});

export function useI18n(): I18n {
  return useContext(I18nContext);
}
