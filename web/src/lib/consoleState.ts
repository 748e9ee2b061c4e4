// The console's state after login: the lists, the open conversation, and read marks.
// One reducer, so that REST answers and stream events are applied in a single place.
import type { Conversation, ConversationView, Message } from '../api/types';
import type { ApiError } from '../api/client';
import { applyConversation, applyList, emptyStore, type ConversationStore } from './conversations';
import { mergeMessages } from './messages';
import { markSeen, type SeenMap } from './unread';
import { timeMs } from './time';

export interface OpenConversation {
  id: number | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  messages: Message[];
  error: ApiError | null;
}

export interface ConsoleState {
  staffId: number;
  store: ConversationStore;
  listFailed: Record<ConversationView, boolean>;
  open: OpenConversation;
  seen: SeenMap;
  liveUnread: ReadonlySet<number>;
}

export type ConsoleAction =
  | { type: 'listLoaded'; view: ConversationView; conversations: Conversation[] }
  | { type: 'listFailed'; view: ConversationView }
  | { type: 'conversation'; conversation: Conversation }
  | { type: 'message'; conversation: Conversation; message: Message; created: boolean }
  | { type: 'open'; id: number | null }
  | { type: 'messagesLoaded'; id: number; conversation: Conversation; messages: Message[] }
  | { type: 'messagesFailed'; id: number; error: ApiError };

export function initialConsoleState(staffId: number, seen: SeenMap): ConsoleState {
  return {
    staffId,
    store: emptyStore,
    listFailed: { waiting: false, mine: false, all: false },
    open: { id: null, status: 'idle', messages: [], error: null },
    seen,
    liveUnread: new Set(),
  };
}

function withoutUnread(set: ReadonlySet<number>, id: number): ReadonlySet<number> {
  if (!set.has(id)) return set;
  const next = new Set(set);
  next.delete(id);
  return next;
}

function latestActivity(conversation: Conversation, messages: readonly Message[]): string {
  const last = messages[messages.length - 1];
  if (last && timeMs(last.created_at) > timeMs(conversation.last_message_at)) return last.created_at;
  return conversation.last_message_at;
}

export function consoleReducer(state: ConsoleState, action: ConsoleAction): ConsoleState {
  switch (action.type) {
    case 'listLoaded':
      return {
        ...state,
        store: applyList(state.store, action.view, action.conversations),
        listFailed: { ...state.listFailed, [action.view]: false },
      };
    case 'listFailed':
      return { ...state, listFailed: { ...state.listFailed, [action.view]: true } };
    case 'conversation':
      return { ...state, store: applyConversation(state.store, action.conversation, state.staffId) };
    case 'message': {
      const { conversation, message } = action;
      const store = applyConversation(state.store, conversation, state.staffId);
      if (state.open.id === conversation.id) {
        return {
          ...state,
          store,
          open: { ...state.open, messages: mergeMessages(state.open.messages, [message]) },
          seen: action.created ? markSeen(state.seen, conversation.id, message.created_at) : state.seen,
        };
      }
      if (action.created && message.direction === 'inbound') {
        return { ...state, store, liveUnread: new Set(state.liveUnread).add(conversation.id) };
      }
      return { ...state, store };
    }
    case 'open':
      if (action.id === state.open.id) return state;
      return {
        ...state,
        open: { id: action.id, status: action.id === null ? 'idle' : 'loading', messages: [], error: null },
        liveUnread: action.id === null ? state.liveUnread : withoutUnread(state.liveUnread, action.id),
      };
    case 'messagesLoaded': {
      if (action.id !== state.open.id) return state;
      // Keep what the stream delivered while the page was loading.
      const messages = mergeMessages(action.messages, state.open.messages);
      return {
        ...state,
        store: applyConversation(state.store, action.conversation, state.staffId),
        open: { ...state.open, status: 'ready', messages, error: null },
        seen: markSeen(state.seen, action.id, latestActivity(action.conversation, messages)),
        liveUnread: withoutUnread(state.liveUnread, action.id),
      };
    }
    case 'messagesFailed':
      if (action.id !== state.open.id) return state;
      // A failed background refresh keeps the timeline that is already on screen.
      if (state.open.status === 'ready') return state;
      return { ...state, open: { ...state.open, status: 'error', error: action.error } };
  }
}
