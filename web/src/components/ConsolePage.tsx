// The logged-in layout: the header (with the page switch and presence), the risk alert banner, and
// one page: the conversations (lists on the left, the open one on the right), the supervisors'
// dashboard, or the admins' template editor. The stream and the hooks live here, whatever the page.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ConsoleSettings, Conversation, ConversationView as View, Staff, StreamEvent } from '../api/types';
import { useConsole } from '../hooks/useConsole';
import { usePresence } from '../hooks/usePresence';
import { useRisk } from '../hooks/useRisk';
import { bannerAlerts, openAlerts, openDebriefs } from '../lib/riskAlerts';
import { AlertBanner } from './AlertBanner';
import { RiskPanel } from './RiskPanel';
import { selectList } from '../lib/conversations';
import { isReplyNudgeDue } from '../lib/nudge';
import { allowedRoute, hashOf, parseHash, type Page, type Route } from '../lib/route';
import { createSignal } from '../lib/signal';
import { isUnread } from '../lib/unread';
import { leavesAfterTransfer } from '../lib/transfer';
import { Header } from './Header';
import { ConversationList } from './ConversationList';
import { ConversationPane } from './ConversationPane';
import { DashboardPage } from './DashboardPage';
import { TakeNextButton } from './TakeNextButton';
import { TemplatesPage } from './TemplatesPage';

interface Props {
  staff: Staff;
  settings: ConsoleSettings;
  onLogout: () => void;
}

function routeFromHash(staff: Staff): Route {
  return allowedRoute(parseHash(window.location.hash), staff.role);
}

export function ConsolePage({ staff, settings, onLogout }: Props) {
  const risk = useRisk(staff);
  // Stream frames go to the risk panels and, through a signal, to the dashboard.
  const streamSignal = useMemo(createSignal, []);
  const stream = useMemo(
    () => ({
      onEvent: (event: StreamEvent) => {
        risk.stream.onEvent(event);
        streamSignal.emit();
      },
      onSynced: () => {
        risk.stream.onSynced();
        streamSignal.emit();
      },
    }),
    [risk.stream, streamSignal],
  );
  const ctl = useConsole(staff, stream);
  const presence = usePresence(staff, settings);
  const { state, open } = ctl;
  const [view, setView] = useState<View>('waiting');
  const drafts = useRef(new Map<number, string>());
  // The page and the open conversation survive a reload through the address bar's hash.
  const [route, setRoute] = useState<Route>(() => routeFromHash(staff));

  const navigate = useCallback((next: Route) => {
    const { pathname, search } = window.location;
    window.history.replaceState(null, '', `${pathname}${search}${hashOf(next)}`);
    setRoute(next);
  }, []);

  // Only the conversations page has an open conversation: leaving it stops its updates and read
  // marks; coming back opens it again.
  useEffect(() => {
    open(route.page === 'conversations' ? route.conversationId : null);
  }, [open, route]);

  // A hash typed or pasted into the address bar.
  useEffect(() => {
    const onHashChange = () => setRoute(routeFromHash(staff));
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [staff]);

  const select = useCallback(
    (id: number | null) => navigate({ page: 'conversations', conversationId: id }),
    [navigate],
  );
  // Back to the conversations shows the one that was open there.
  const lastConversation = useRef<number | null>(route.conversationId);
  if (route.page === 'conversations') lastConversation.current = route.conversationId;
  const goTo = useCallback(
    (page: Page) =>
      navigate({ page, conversationId: page === 'conversations' ? lastConversation.current : null }),
    [navigate],
  );

  const rows = selectList(state.store, view);
  const counts = Object.fromEntries(
    ctl.views.map((v) => [v, state.store.lists[v]?.length ?? null]),
  ) as Record<View, number | null>;
  const openConversation = state.open.id === null ? undefined : state.store.byId[state.open.id];
  const isNudgeDue = useCallback(
    (c: Conversation, nowMs: number) => isReplyNudgeDue(c, staff.id, settings, nowMs),
    [staff.id, settings],
  );

  return (
    <div className="console" data-page={route.page} data-has-selection={state.open.id !== null}>
      <Header
        staff={staff}
        connection={ctl.connection}
        page={route.page}
        onPage={goTo}
        presence={presence}
        onLogout={onLogout}
      />
      <AlertBanner
        alerts={bannerAlerts(risk.state)}
        onOpen={(id) => {
          risk.dismissConversation(id);
          select(id);
        }}
        onAck={risk.acknowledge}
        onDismiss={risk.dismiss}
      />
      {route.page === 'dashboard' && <DashboardPage streamSignal={streamSignal} />}
      {route.page === 'templates' && <TemplatesPage />}
      {route.page === 'conversations' && (
        <div className="workspace">
          <aside className="sidebar">
            <RiskPanel
              alerts={openAlerts(risk.state)}
              loaded={risk.state.loaded}
              failed={risk.state.failed}
              onRetry={risk.reloadAlerts}
              onOpen={select}
              onAck={risk.acknowledge}
              showAlwaysAlerts={risk.isSupervisor}
              debriefs={risk.isSupervisor ? openDebriefs(risk.state) : null}
              onClearDebrief={risk.clearDebrief}
            />
            <TakeNextButton
              staff={staff}
              onTakeNext={ctl.takeNext}
              onTaken={(c) => {
                setView('mine');
                select(c.id);
              }}
            />
            <ConversationList
              views={ctl.views}
              view={view}
              onViewChange={setView}
              rows={rows}
              counts={counts}
              failed={state.listFailed[view]}
              onRetry={() => ctl.reloadList(view)}
              selectedId={state.open.id}
              onSelect={select}
              isUnread={(c) => c.id !== state.open.id && isUnread(c, staff.id, state.seen, state.liveUnread)}
              isNudgeDue={isNudgeDue}
            />
          </aside>
          <main className="main">
            <ConversationPane
              staff={staff}
              settings={settings}
              conversation={openConversation}
              open={state.open}
              drafts={drafts.current}
              onBack={() => select(null)}
              onRetry={ctl.reloadOpen}
              onTake={async (id) => {
                await ctl.take(id);
                setView('mine');
              }}
              onClose={ctl.close}
              onLateWrapUp={ctl.lateWrapUp}
              onTransfer={async (id, body) => {
                const c = await ctl.transfer(id, body);
                // Given to someone else: a counselor may no longer see it; back to the list.
                if (leavesAfterTransfer(staff, c)) select(null);
                return c;
              }}
              onSend={ctl.send}
              revision={state.open.id === null ? 0 : (risk.revisions[state.open.id] ?? 0)}
            />
          </main>
        </div>
      )}
    </div>
  );
}
