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
