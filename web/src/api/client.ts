// The console's only door to the server: a typed fetch wrapper for the REST API and a WebSocket
// client with reconnect and backoff for the live stream. Shapes come from api/openapi.yaml.
import type { operations } from './schema';
import type {
  Conversation,
  ConversationView,
  Dashboard,
  DebriefFlag,
  Disclosure,
  DisclosureRequest,
  EmergencyChecklist,
  EmergencyStepName,
  ErrorCode,
  RiskAlertView,
  Message,
  PresenceStatus,
  RenderedTemplate,
  ScenarioReload,
  SessionResponse,
  StreamClientMessage,
  StreamEvent,
  Template,
  TemplateKey,
  TransferRequest,
  TransferTargets,
  WrapUp,
  WrapUpOptions,
  WrapUpRequest,
} from './types';
import { reconnectDelayMs } from '../lib/backoff';

type JsonOf<Op extends keyof operations, Status extends number> =
  operations[Op]['responses'] extends Record<Status, { content: { 'application/json': infer T } }>
    ? T
    : never;

// `network`: the request never got an HTTP answer. `bad_response`: an answer that is not the
// contract's error shape (e.g. a proxy's HTML page).
export type ClientErrorCode = ErrorCode | 'network' | 'bad_response';

export class ApiError extends Error {
  readonly status: number;
  readonly code: ClientErrorCode;
  readonly retryAfterS: number | null;
  // Every reason a request was refused, when the server lists them (a close whose wrap-up is not
  // valid); each reads "日本語 / English".
  readonly reasons: readonly string[];

  constructor(
    status: number,
    code: ClientErrorCode,
    message: string,
    retryAfterS: number | null = null,
    reasons: readonly string[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.retryAfterS = retryAfterS;
    this.reasons = reasons;
  }
}

const errorCodes: readonly ErrorCode[] = [
  'invalid_argument',
  'not_found',
  'unauthenticated',
  'permission_denied',
  'conflict',
  'limit_exceeded',
  'unavailable',
  'internal',
  'csrf',
];

function codeForStatus(status: number): ClientErrorCode {
  switch (status) {
    case 400:
      return 'invalid_argument';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'permission_denied';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
    case 429:
      return 'limit_exceeded';
    case 502:
    case 503:
    case 504:
      return 'unavailable';
    default:
      return 'bad_response';
  }
}

export function toApiError(status: number, payload: unknown, retryAfter: string | null): ApiError {
  const seconds = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : null;
  const body = (payload as { error?: { code?: unknown; message?: unknown; reasons?: unknown } } | null)?.error;
  if (body && typeof body.code === 'string' && typeof body.message === 'string') {
    const code = (errorCodes as readonly string[]).includes(body.code)
      ? (body.code as ErrorCode)
      : codeForStatus(status);
    const reasons = Array.isArray(body.reasons)
      ? body.reasons.filter((r): r is string => typeof r === 'string')
      : [];
    return new ApiError(status, code, body.message, seconds, reasons);
  }
  return new ApiError(status, codeForStatus(status), '', seconds);
}

let csrfToken: string | null = null;
let onUnauthorized: () => void = () => {};

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

// Called once whenever a request other than login meets 401: the session is gone.
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  // Login answers 401 for a wrong password; that is not a lost session.
  expect401?: boolean;
  // Error statuses whose body is an answer in the contract's own shape, not an error (e.g. 422
  // from the scenario reload, which lists the files with errors).
  answerStatuses?: readonly number[];
}

async function request<T>(method: 'GET' | 'POST', path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method === 'POST' && csrfToken !== null) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: options.signal ?? null,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network', '');
  }
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok && !options.answerStatuses?.includes(response.status)) {
    const error = toApiError(response.status, payload, response.headers.get('Retry-After'));
    if (response.status === 401 && !options.expect401) onUnauthorized();
    throw error;
  }
  if (payload === null) throw new ApiError(response.status, 'bad_response', '');
  return payload as T;
}

export const api = {
  login(login: string, password: string): Promise<SessionResponse> {
    return request<JsonOf<'login', 200>>('POST', '/api/v1/auth/login', {
      body: { login, password },
      expect401: true,
    });
  },

  logout(): Promise<void> {
    return request<void>('POST', '/api/v1/auth/logout', { expect401: true });
  },

  me(options: { expect401?: boolean } = {}): Promise<SessionResponse> {
    return request<JsonOf<'getMe', 200>>('GET', '/api/v1/me', options);
  },

  listConversations(view: ConversationView, limit: number, signal?: AbortSignal): Promise<Conversation[]> {
    const query = new URLSearchParams({ view, limit: String(limit) });
    return request<JsonOf<'listConversations', 200>>('GET', `/api/v1/conversations?${query}`, {
      ...(signal ? { signal } : {}),
    }).then((body) => body.conversations);
  },

  listMessages(
    id: number,
    after: number,
    limit: number,
    signal?: AbortSignal,
  ): Promise<JsonOf<'listMessages', 200>> {
    const query = new URLSearchParams({ after: String(after), limit: String(limit) });
    return request<JsonOf<'listMessages', 200>>('GET', `/api/v1/conversations/${id}/messages?${query}`, {
      ...(signal ? { signal } : {}),
    });
  },

  sendMessage(id: number, text: string): Promise<Message> {
    return request<JsonOf<'sendMessage', 201>>('POST', `/api/v1/conversations/${id}/messages`, {
      body: { text },
    }).then((body) => body.message);
  },

  /** 「次の相談を受ける」: the first of the queue that I may take (404 nobody waits, 429 at my limit). */
  takeNext(): Promise<Conversation> {
    return request<JsonOf<'takeNextConversation', 200>>('POST', '/api/v1/conversations/take-next').then(
      (body) => body.conversation,
    );
  },

  take(id: number): Promise<Conversation> {
    return request<JsonOf<'takeConversation', 200>>('POST', `/api/v1/conversations/${id}/take`).then(
      (body) => body.conversation,
    );
  },

  close(id: number, wrapUp: WrapUpRequest): Promise<Conversation> {
    return request<JsonOf<'closeConversation', 200>>('POST', `/api/v1/conversations/${id}/close`, {
      body: wrapUp,
    }).then((body) => body.conversation);
  },

  /** Who a conversation can be handed to, with their load (403 for admins). */
  transferTargets(signal?: AbortSignal): Promise<TransferTargets> {
    return request<JsonOf<'listTransferTargets', 200>>('GET', '/api/v1/staff/transfer-targets', {
      ...(signal ? { signal } : {}),
    });
  },

  /** Hands the conversation to another staff member, or returns it to the queue. */
  transfer(id: number, body: TransferRequest): Promise<Conversation> {
    return request<JsonOf<'transferConversation', 200>>('POST', `/api/v1/conversations/${id}/transfer`, {
      body,
    }).then((answer) => answer.conversation);
  },

  wrapUp(id: number, signal?: AbortSignal): Promise<WrapUp> {
    return request<JsonOf<'getWrapUp', 200>>('GET', `/api/v1/conversations/${id}/wrap-up`, {
      ...(signal ? { signal } : {}),
    }).then((body) => body.wrap_up);
  },

  wrapUpOptions(signal?: AbortSignal): Promise<WrapUpOptions> {
    return request<JsonOf<'getWrapUpOptions', 200>>('GET', '/api/v1/wrapup/topics', {
      ...(signal ? { signal } : {}),
    });
  },

  riskAlerts(): Promise<RiskAlertView[]> {
    return request<JsonOf<'listRiskAlerts', 200>>('GET', '/api/v1/risk/alerts').then((body) => body.alerts);
  },

  acknowledgeAlert(id: number): Promise<RiskAlertView> {
    return request<JsonOf<'acknowledgeRiskAlert', 200>>('POST', `/api/v1/risk/alerts/${id}/acknowledge`).then(
      (body) => body.alert,
    );
  },

  debriefs(): Promise<DebriefFlag[]> {
    return request<JsonOf<'listDebriefs', 200>>('GET', '/api/v1/risk/debriefs').then((body) => body.debriefs);
  },

  clearDebrief(id: number): Promise<void> {
    return request<void>('POST', `/api/v1/risk/debriefs/${id}/clear`);
  },

  emergency(id: number, signal?: AbortSignal): Promise<EmergencyChecklist> {
    return request<JsonOf<'getEmergencyChecklist', 200>>('GET', `/api/v1/conversations/${id}/emergency`, {
      ...(signal ? { signal } : {}),
    });
  },

  recordEmergencyStep(id: number, step: EmergencyStepName, note: string): Promise<EmergencyChecklist> {
    return request<JsonOf<'recordEmergencyStep', 200>>('POST', `/api/v1/conversations/${id}/emergency/${step}`, {
      body: note ? { note } : {},
    });
  },

  disclosures(id: number, signal?: AbortSignal): Promise<Disclosure[]> {
    return request<JsonOf<'listDisclosures', 200>>('GET', `/api/v1/conversations/${id}/disclosures`, {
      ...(signal ? { signal } : {}),
    }).then((body) => body.disclosures);
  },

  // 200 when every file was valid, 422 (same shape, ok: false) when one was not; 404 (an ApiError
  // with code not_found) when no program has a scenario.
  reloadScenarios(): Promise<ScenarioReload> {
    return request<JsonOf<'reloadScenarios', 200>>('POST', '/api/v1/admin/scenarios/reload', {
      answerStatuses: [422],
    }).then((body) => {
      // A 422 that is not the reload's answer (an error body from elsewhere) is an error after all.
      if (!Array.isArray((body as Partial<ScenarioReload>).scenarios)) throw toApiError(422, body, null);
      return body;
    });
  },

  /** Writes the wrap-up of a conversation the system closed (`wrap_up_pending`); 409 when it has one. */
  lateWrapUp(id: number, wrapUp: WrapUpRequest): Promise<Conversation> {
    return request<JsonOf<'writeLateWrapUp', 200>>('POST', `/api/v1/conversations/${id}/late-wrap-up`, {
      body: wrapUp,
    }).then((body) => body.conversation);
  },

  /** The staff templates of the conversation's program, filled in for it and for me. */
  conversationTemplates(id: number, signal?: AbortSignal): Promise<RenderedTemplate[]> {
    return request<JsonOf<'listConversationTemplates', 200>>('GET', `/api/v1/conversations/${id}/templates`, {
      ...(signal ? { signal } : {}),
    }).then((body) => body.templates);
  },

  /** Admins: every program's templates, latest version, variables unfilled. */
  adminTemplates(signal?: AbortSignal): Promise<Template[]> {
    return request<JsonOf<'listTemplates', 200>>('GET', '/api/v1/admin/templates', {
      ...(signal ? { signal } : {}),
    }).then((body) => body.templates);
  },

  /** Admins: every version of one template (the server sends them newest first). */
  templateVersions(program: string, key: TemplateKey, signal?: AbortSignal): Promise<Template[]> {
    return request<JsonOf<'getTemplateVersions', 200>>('GET', templatePath(program, key), {
      ...(signal ? { signal } : {}),
    }).then((body) => body.templates);
  },

  /** Admins: saves the body as a new version (400 with `reasons` for unknown variables). */
  saveTemplate(program: string, key: TemplateKey, body: string): Promise<Template> {
    return request<JsonOf<'saveTemplate', 200>>('POST', templatePath(program, key), { body: { body } }).then(
      (answer) => answer.template,
    );
  },

  /** The heartbeat: I am at the console, taking conversations (online) or not (away). 204. */
  reportPresence(status: PresenceStatus): Promise<void> {
    return request<void>('POST', '/api/v1/presence', { body: { status } });
  },

  /** Supervisors and admins: queues, who is online with their load, and staffing alerts. */
  dashboard(signal?: AbortSignal): Promise<Dashboard> {
    return request<JsonOf<'getDashboard', 200>>('GET', '/api/v1/dashboard', {
      ...(signal ? { signal } : {}),
    });
  },

  recordDisclosure(id: number, body: DisclosureRequest): Promise<Disclosure> {
    return request<JsonOf<'recordDisclosure', 201>>('POST', `/api/v1/conversations/${id}/disclosures`, {
      body,
    }).then((answer) => answer.disclosure);
  },
};

function templatePath(program: string, key: TemplateKey): string {
  return `/api/v1/admin/templates/${encodeURIComponent(program)}/${encodeURIComponent(key)}`;
}

// Pages through a conversation's messages (oldest first) until a short page says there is no more.
export async function loadAllMessages(
  id: number,
  signal?: AbortSignal,
): Promise<{ conversation: Conversation; messages: Message[] }> {
  const pageSize = 200;
  // A guard against a server that keeps answering full pages; 100,000 messages is far beyond a chat.
  const pagesMax = 500;
  let after = 0;
  const messages: Message[] = [];
  let conversation: Conversation | null = null;
  for (let page = 0; page < pagesMax; page++) {
    const body = await api.listMessages(id, after, pageSize, signal);
    conversation = body.conversation;
    messages.push(...body.messages);
    const last = body.messages[body.messages.length - 1];
    if (body.messages.length < pageSize || last === undefined || last.id <= after) break;
    after = last.id;
  }
  if (conversation === null) throw new ApiError(0, 'bad_response', '');
  return { conversation, messages };
}

export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

export interface StreamHandlers {
  onEvent: (event: StreamEvent) => void;
  onState: (state: ConnectionState) => void;
  // After every (re)connection: the server replays nothing, so refetch what is on screen.
  onSynced: () => void;
  // After the socket closes; `code` is the WebSocket close code (4001: the session ended).
  onDisconnected: (code: number) => void;
}

const pingIntervalMs = 25_000;
// Only enforced once the server has answered a ping, so a server without pong still works.
const silenceMsMax = 70_000;
// The contract says hello comes first; if it does not, do not leave the console unsynced.
const helloWaitMs = 3_000;

export class LiveStream {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private stopped = true;
  private everOpened = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private helloTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private lastFrameAtMs = 0;
  private pongSeen = false;

  constructor(
    private readonly handlers: StreamHandlers,
    private readonly url: string = streamUrl(),
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener('online', this.reconnectNow);
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.reconnectNow);
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close(1000);
    }
  }

  private readonly reconnectNow = (): void => {
    if (this.stopped || this.socket) return;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.connect();
  };

  private connect(): void {
    this.handlers.onState(this.everOpened ? 'reconnecting' : 'connecting');
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    this.pongSeen = false;
    socket.onopen = () => {
      this.lastFrameAtMs = Date.now();
      this.helloTimer = setTimeout(() => this.synced(), helloWaitMs);
      this.pingTimer = setInterval(() => this.ping(), pingIntervalMs);
    };
    socket.onmessage = (frame) => this.receive(frame);
    socket.onclose = (close) => {
      this.socket = null;
      this.clearTimers();
      if (this.stopped) return;
      this.handlers.onState('reconnecting');
      this.handlers.onDisconnected(close.code);
      this.scheduleReconnect();
    };
  }

  private receive(frame: MessageEvent): void {
    this.lastFrameAtMs = Date.now();
    if (typeof frame.data !== 'string') return;
    let event: StreamEvent;
    try {
      event = JSON.parse(frame.data) as StreamEvent;
    } catch {
      return; // not JSON: ignore, as the contract says for unknown frames
    }
    if (typeof event !== 'object' || event === null || typeof event.type !== 'string') return;
    if (event.type === 'hello') {
      this.synced();
      return;
    }
    if (event.type === 'pong') {
      this.pongSeen = true;
      return;
    }
    this.handlers.onEvent(event);
  }

  private synced(): void {
    if (this.helloTimer) clearTimeout(this.helloTimer);
    this.helloTimer = null;
    this.attempt = 0;
    this.everOpened = true;
    this.handlers.onState('open');
    this.handlers.onSynced();
  }

  private ping(): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    if (this.pongSeen && Date.now() - this.lastFrameAtMs > silenceMsMax) {
      socket.close(4000, 'silent'); // a half-open connection: start over
      return;
    }
    const ping: StreamClientMessage = { type: 'ping' };
    socket.send(JSON.stringify(ping));
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const delay = reconnectDelayMs(this.attempt);
    this.attempt += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }

  private clearTimers(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.helloTimer) clearTimeout(this.helloTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.reconnectTimer = null;
    this.helloTimer = null;
    this.pingTimer = null;
  }
}

export function streamUrl(location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/v1/stream`;
}
