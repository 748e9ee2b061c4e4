// The templates of the open conversation (GET /api/v1/conversations/{id}/templates), fetched when
// a conversation that I may answer is selected. `null` turns it off (nothing to reply to).
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import type { RenderedTemplate } from '../api/types';

export type TemplatesState =
  | { status: 'off' }
  | { status: 'loading' }
  | { status: 'ready'; templates: RenderedTemplate[] }
  | { status: 'error' };

export interface ConversationTemplates {
  state: TemplatesState;
  templates: RenderedTemplate[];
  retry: () => void;
}

export function useConversationTemplates(conversationId: number | null): ConversationTemplates {
  // Tagged with the conversation they belong to: right after a switch, the previous
  // conversation's templates (another program's, perhaps) must not be offered.
  const [tagged, setTagged] = useState<{ id: number | null; state: TemplatesState }>({
    id: null,
    state: { status: 'off' },
  });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (conversationId === null) return;
    const controller = new AbortController();
    const set = (state: TemplatesState) => setTagged({ id: conversationId, state });
    set({ status: 'loading' });
    api.conversationTemplates(conversationId, controller.signal).then(
      (templates) => set({ status: 'ready', templates }),
      () => {
        // A 401 returns to the login page by itself; anything else leaves the menu with a retry.
        if (!controller.signal.aborted) set({ status: 'error' });
      },
    );
    return () => controller.abort();
  }, [conversationId, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const state: TemplatesState =
    conversationId === null ? { status: 'off' } : tagged.id === conversationId ? tagged.state : { status: 'loading' };
  return { state, templates: state.status === 'ready' ? state.templates : [], retry };
}
