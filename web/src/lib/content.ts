// How a message's content is described when it is not plain text.
import type { Message } from '../api/types';
import type { MessageKey, Translate } from '../i18n';

const kindKeys: Record<string, MessageKey> = {
  sticker: 'content.kind.sticker',
  image: 'content.kind.image',
  video: 'content.kind.video',
  audio: 'content.kind.audio',
  file: 'content.kind.file',
  location: 'content.kind.location',
};

// 「スタンプ（この種類はまだ表示できません）」 rather than a blank bubble.
export function unsupportedNote(message: Pick<Message, 'content_type'>, t: Translate): string {
  const key = kindKeys[message.content_type];
  const kind = key ? t(key) : t('content.kind.other', { type: message.content_type || '?' });
  return t('content.unsupported', { kind });
}

export function postbackNote(message: Pick<Message, 'text'>, t: Translate): string {
  return t('content.postback', { data: message.text });
}

// The labels of the buttons a bot message offered (none for older servers that lack the field).
export function quickReplies(message: Partial<Pick<Message, 'quick_replies'>>): string[] {
  const labels = message.quick_replies;
  return Array.isArray(labels) ? labels.filter((l): l is string => typeof l === 'string' && l !== '') : [];
}

// The link for an image the bot sent: only an https URL (the scenario validator requires it),
// so a stored value can never become a javascript: or data: link.
export function imageUrl(message: Partial<Pick<Message, 'content_type' | 'media_url'>>): string | null {
  if (message.content_type !== 'image' || typeof message.media_url !== 'string') return null;
  try {
    const url = new URL(message.media_url);
    return url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
