// Which page the console shows, kept in the address bar's hash so a reload returns to it:
// 「#/conversations/12」 (the conversations, one open), 「#/dashboard」, 「#/templates」.
import type { Role } from '../api/types';

export type Page = 'conversations' | 'dashboard' | 'templates';

export interface Route {
  page: Page;
  conversationId: number | null;
}

export const home: Route = { page: 'conversations', conversationId: null };

export function parseHash(hash: string): Route {
  const conversation = /^#\/conversations\/(\d+)$/.exec(hash);
  if (conversation) return { page: 'conversations', conversationId: Number(conversation[1]) };
  if (hash === '#/dashboard') return { page: 'dashboard', conversationId: null };
  if (hash === '#/templates') return { page: 'templates', conversationId: null };
  return home;
}

export function hashOf(route: Route): string {
  switch (route.page) {
    case 'conversations':
      return route.conversationId === null ? '' : `#/conversations/${route.conversationId}`;
    case 'dashboard':
      return '#/dashboard';
    case 'templates':
      return '#/templates';
  }
}

// The dashboard is for supervisors and admins; the template editor for admins.
export function pagesFor(role: Role): Page[] {
  switch (role) {
    case 'counselor':
      return ['conversations'];
    case 'supervisor':
      return ['conversations', 'dashboard'];
    case 'admin':
      return ['conversations', 'dashboard', 'templates'];
    case 'auditor':
      // The audit log has no console page yet; auditors use the API (docs/api.md).
      return [];
  }
}

// A page this role may not see (a pasted link) falls back to the conversations.
export function allowedRoute(route: Route, role: Role): Route {
  return pagesFor(role).includes(route.page) ? route : home;
}
