// Wires the console state to the server: initial loads, the live stream, resync after a
// reconnect, and the actions (take, transfer, close, reply).
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type {
  Conversation,
  ConversationView,
  Message,
  Staff,
  StreamEvent,
  TransferRequest,
  WrapUpRequest,
} from '../api/types';
import { api, ApiError, LiveStream, loadAllMessages, type ConnectionState } from '../api/client';
import { consoleReducer, initialConsoleState } from '../lib/consoleState';
import { listLimit, viewsFor } from '../lib/conversations';
import { loadSeen, saveSeen } from '../lib/unread';

const waitingRefreshMs = 60_000;

export interface ConsoleApi {
  state: ReturnType<typeof consoleReducer>;
  connection: ConnectionState;
  views: ConversationView[];
  open: (id: number | null) => void;
  reloadList: (view: ConversationView) => void;
  reloadOpen: () => void;
  take: (id: number) => Promise<Conversation>;
  takeNext: () => Promise<Conversation>;
  close: (id: number, wrapUp: WrapUpRequest) => Promise<Conversation>;
  lateWrapUp: (id: number, wrapUp: WrapUpRequest) => Promise<Conversation>;
  transfer: (id: number, body: TransferRequest) => Promise<Conversation>;
  send: (id: number, text: string) => Promise<Message>;
}

// `extra` also receives every stream event and every (re)connection (the risk panels use it).
export function useConsole(staff: Staff, extra?: { onEvent: (event: StreamEvent) => void; onSynced: () => void }): ConsoleApi {
  const [state, dispatch] = useReducer(consoleReducer, staff.id, (id) =>
    initialConsoleState(id, loadSeen(id)),
  );
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const views = useMemo(() => viewsFor(staff.role), [staff.role]);
  const openIdRef = useRef<number | null>(null);
  openIdRef.current = state.open.id;
  const openLoad = useRef<AbortController | null>(null);
  const extraRef = useRef(extra);
  extraRef.current = extra;

  const reloadList = useCallback((view: ConversationView) => {
    api.listConversations(view, listLimit).then(
      (conversations) => dispatch({ type: 'listLoaded', view, conversations }),
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 401) return; // back to login
        dispatch({ type: 'listFailed', view });
      },
    );
  }, []);

  const loadOpen = useCallback((id: number) => {
    openLoad.current?.abort();
    const controller = new AbortController();
    openLoad.current = controller;
    loadAllMessages(id, controller.signal).then(
      ({ conversation, messages }) => dispatch({ type: 'messagesLoaded', id, conversation, messages }),
      (error: unknown) => {
        if (error instanceof ApiError) dispatch({ type: 'messagesFailed', id, error });
        else if (!(error instanceof DOMException && error.name === 'AbortError')) {
          dispatch({ type: 'messagesFailed', id, error: new ApiError(0, 'network', '') });
        }
      },
    );
  }, []);

  const reloadAll = useCallback(() => {
    for (const view of views) reloadList(view);
    if (openIdRef.current !== null) loadOpen(openIdRef.current);
  }, [views, reloadList, loadOpen]);

  const resync = useCallback(() => {
    reloadAll();
    extraRef.current?.onSynced();
  }, [reloadAll]);

  // First load, without waiting for the stream (it may be slow or blocked by a proxy).
  useEffect(() => {
    for (const view of views) reloadList(view);
  }, [views, reloadList]);

  useEffect(() => {
    const onEvent = (event: StreamEvent) => {
      switch (event.type) {
        case 'message.created':
        case 'message.updated':
          dispatch({
            type: 'message',
            conversation: event.conversation,
            message: event.message,
            created: event.type === 'message.created',
          });
          break;
        case 'conversation.updated':
        case 'risk.alert': // carries the conversation with its raised risk level
          dispatch({ type: 'conversation', conversation: event.conversation });
          break;
        default:
          break; // unknown types are ignored, as the contract asks
      }
      extraRef.current?.onEvent(event);
    };
    const stream = new LiveStream({
      onEvent,
      onState: setConnection,
      onSynced: resync,
      // Browsers hide why a WebSocket failed; asking /me tells a lost session (401, which
      // returns to the login page) from a network problem (keep reconnecting).
      onDisconnected: () => {
        api.me().catch(() => {});
      },
    });
    stream.start();
    return () => stream.stop();
  }, [resync]);

  // A safety net for the one list that other people's actions change: if a fan-out event is ever
  // missed (e.g. a conversation someone else took), the waiting list still corrects itself.
  useEffect(() => {
    const timer = setInterval(() => reloadList('waiting'), waitingRefreshMs);
    return () => clearInterval(timer);
  }, [reloadList]);

  useEffect(() => saveSeen(staff.id, state.seen), [staff.id, state.seen]);

  const open = useCallback(
    (id: number | null) => {
      dispatch({ type: 'open', id });
      if (id === null) openLoad.current?.abort();
      else if (id !== openIdRef.current) loadOpen(id);
    },
    [loadOpen],
  );

  const reloadOpen = useCallback(() => {
    if (openIdRef.current !== null) loadOpen(openIdRef.current);
  }, [loadOpen]);

  // Take, take-next and transfer answer the changed conversation. A conflict means someone else
  // was faster, or it closed: bring the lists and the open view up to date.
  const changeConversation = useCallback(
    async (call: () => Promise<Conversation>) => {
      try {
        const conversation = await call();
        dispatch({ type: 'conversation', conversation });
        return conversation;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'conflict') reloadAll();
        throw error;
      }
    },
    [reloadAll],
  );
  const take = useCallback((id: number) => changeConversation(() => api.take(id)), [changeConversation]);
  const takeNext = useCallback(() => changeConversation(() => api.takeNext()), [changeConversation]);
  const transfer = useCallback(
    (id: number, body: TransferRequest) => changeConversation(() => api.transfer(id, body)),
    [changeConversation],
  );

  const close = useCallback(async (id: number, wrapUp: WrapUpRequest) => {
    const conversation = await api.close(id, wrapUp);
    dispatch({ type: 'conversation', conversation });
    return conversation;
  }, []);
  // A conflict here means someone else has written it already: the reload clears the badge.
  const lateWrapUp = useCallback(
    (id: number, wrapUp: WrapUpRequest) => changeConversation(() => api.lateWrapUp(id, wrapUp)),
    [changeConversation],
  );

  const byIdRef = useRef(state.store.byId);
  byIdRef.current = state.store.byId;
  const send = useCallback(async (id: number, text: string) => {
    const message = await api.sendMessage(id, text);
    const conversation = byIdRef.current[id];
    if (conversation) {
      // A reply answers everything the person has sent so far (the server says the same).
      const bumped = { ...conversation, last_message_at: message.created_at, awaiting_reply_since: null };
      dispatch({ type: 'message', conversation: bumped, message, created: true });
    }
    return message;
  }, []);

  return { state, connection, views, open, reloadList, reloadOpen, take, takeNext, close, lateWrapUp, transfer, send };
}
