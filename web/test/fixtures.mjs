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
