// Small builders for contract-shaped objects.
export function conversation(overrides = {}) {
  const openedAt = overrides.opened_at ?? '2026-11-26T07:00:00.000Z';
  return {
    id: 1,
    program_id: 1,
    client_pseudonym: '相談者-TEST',
    status: 'waiting',
    assigned_staff_id: null,
    assigned_staff_name: null,
    opened_at: '2026-11-26T07:00:00.000Z',
    last_message_at: '2026-11-26T07:00:00.000Z',
    closed_at: null,
    client_blocked: false,
    risk_level: 0,
    risk_categories: [],
    risk_raised_at: null,
    // No chatbot: in the queue from the start.
    queued_at: openedAt,
    bot_status: 'none',
    intake: {},
    taken_at: null,
    // Nobody is waiting for a reply; set it to test the reply nudge.
    awaiting_reply_since: null,
    end_reason: null,
    wrap_up_pending: false,
    ...overrides,
  };
}

export function message(overrides = {}) {
  return {
    id: 1,
    conversation_id: 1,
    direction: 'inbound',
    sender_kind: 'client',
    sender_name: '相談者-TEST',
    content_kind: 'text',
    content_type: 'text',
    text: 'こんにちは',
    created_at: '2026-11-26T07:00:00.000Z',
    delivery_state: 'received',
    delivery_error: null,
    risk: null,
    quick_replies: [],
    media_url: null,
    ...overrides,
  };
}

export const counselor = { id: 3, login: 'sato', display_name: '佐藤 美咲', role: 'counselor' };
export const supervisor = { id: 1, login: 'tanaka', display_name: '田中 浩', role: 'supervisor' };
export const admin = { id: 9, login: 'admin', display_name: '管理者', role: 'admin' };

// SessionResponse.settings as the server's defaults would send them.
export const settings = { reply_nudge_minutes: 5, presence_heartbeat_seconds: 30, presence_timeout_seconds: 90 };

export function session(staff = counselor, overrides = {}) {
  return { staff, csrf_token: 'csrf-test', settings, ...overrides };
}

// A rendered staff template (GET /api/v1/conversations/{id}/templates).
export function renderedTemplate(overrides = {}) {
  return {
    key: 'greeting',
    name_ja: '挨拶',
    name_en: 'Greeting',
    shortcut: 1,
    version: 1,
    body: 'こんにちは。相談員の佐藤です。',
    ...overrides,
  };
}

// A stored template version (GET /api/v1/admin/templates).
export function template(overrides = {}) {
  return {
    program: 'center',
    key: 'greeting',
    name_ja: '挨拶',
    name_en: 'Greeting',
    use: 'staff',
    variables: ['counselor_name'],
    version: 1,
    body: 'こんにちは。相談員の{{counselor_name}}です。',
    created_at: '2026-11-26T07:00:00.000Z',
    created_by: 'startup',
    ...overrides,
  };
}

// A row of the dashboard's staff table.
export function dashboardStaff(overrides = {}) {
  return {
    id: 3,
    display_name: '佐藤 美咲',
    role: 'counselor',
    presence: 'online',
    last_seen_at: '2026-11-26T07:00:00.000Z',
    open_conversations: 1,
    capacity: 2,
    ...overrides,
  };
}
