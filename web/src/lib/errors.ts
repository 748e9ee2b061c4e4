// Turns a failed request into a sentence for the person at the screen.
import { ApiError } from '../api/client';
import type { Lang, Translate } from '../i18n';
import { localizeServerMessage } from './serverMessage';

export function describeError(error: unknown, lang: Lang, t: Translate): string {
  if (error instanceof ApiError) {
    if (error.code === 'network') return t('error.network');
    if (error.message) return localizeServerMessage(error.message, lang);
  }
  return t('error.unexpected');
}
