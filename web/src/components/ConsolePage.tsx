// The logged-in layout: header, the conversation lists on the left, the open conversation on the right.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConversationView as View, Staff } from '../api/types';
import { useConsole } from '../hooks/useConsole';
import { useRisk } from '../hooks/useRisk';
import { bannerAlerts, openAlerts, openDebriefs } from '../lib/riskAlerts';
import { AlertBanner } from './AlertBanner';
import { RiskPanel } from './RiskPanel';
import { selectList } from '../lib/conversations';
import { isUnread } from '../lib/unread';
import { leavesAfterTransfer } from '../lib/transfer';
import { Header } from './Header';
import { ConversationList } from './ConversationList';
import { ConversationPane } from './ConversationPane';
import { TakeNextButton } from './TakeNextButton';

interface Props {
  staff: Staff;
  onLogout: () => void;
}

function idFromHash(): number | null {
  const match = /^#\/conversations\/(\d+)$/.exec(window.location.hash);
  return match ? Number(match[1]) : null;
}

export function ConsolePage({ staff, onLogout }: Props) {
  const risk = useRisk(staff);
  const ctl = useConsole(staff, risk.stream);
  const { state, open } = ctl;
  const [view, setView] = useState<View>('waiting');
  const drafts = useRef(new Map<number, string>());

  // The open conversation survives a reload through the address bar's hash.
  useEffect(() => {
    const id = idFromHash();
    if (id !== null) open(id);
  }, [open]);

  const select = useCallback(
    (id: number | null) => {
      const hash = id === null ? '' : `#/conversations/${id}`;
      window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${hash}`);
      open(id);
    },
    [open],
  );

  const rows = selectList(state.store, view);
  const counts = Object.fromEntries(
    ctl.views.map((v) => [v, state.store.lists[v]?.length ?? null]),
  ) as Record<View, number | null>;
  const openConversation = state.open.id === null ? undefined : state.store.byId[state.open.id];

  return (
    <div className="console" data-has-selection={state.open.id !== null}>
      <Header staff={staff} connection={ctl.connection} onLogout={onLogout} />
      <AlertBanner
        alerts={bannerAlerts(risk.state)}
        onOpen={(id) => {
          risk.dismissConversation(id);
          select(id);
        }}
        onAck={risk.acknowledge}
        onDismiss={risk.dismiss}
      />
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
          />
        </aside>
        <main className="main">
          <ConversationPane
            staff={staff}
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
    </div>
  );
}
