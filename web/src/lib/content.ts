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
