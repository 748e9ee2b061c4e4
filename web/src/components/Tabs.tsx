// The list tabs (未対応 / 自分の担当 / すべて), following the WAI-ARIA tabs pattern:
// one tab stop, arrow keys move between tabs.
import { useRef, type KeyboardEvent } from 'react';
import type { ConversationView } from '../api/types';
import { useI18n, type MessageKey } from '../i18n';

const labelKeys: Record<ConversationView, MessageKey> = {
  waiting: 'tabs.waiting',
  mine: 'tabs.mine',
  all: 'tabs.all',
};

interface Props {
  views: ConversationView[];
  view: ConversationView;
  counts: Record<ConversationView, number | null>;
  onChange: (view: ConversationView) => void;
  panelId: string;
}

export function Tabs({ views, view, counts, onChange, panelId }: Props) {
  const { t } = useI18n();
  const refs = useRef(new Map<ConversationView, HTMLButtonElement>());

  function onKeyDown(event: KeyboardEvent) {
    const at = views.indexOf(view);
    let next = at;
    if (event.key === 'ArrowRight') next = (at + 1) % views.length;
    else if (event.key === 'ArrowLeft') next = (at - 1 + views.length) % views.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = views.length - 1;
    else return;
    event.preventDefault();
    const target = views[next];
    if (target) {
      onChange(target);
      refs.current.get(target)?.focus();
    }
  }

  return (
    <div className="tabs" role="tablist" aria-label={t('tabs.label')} onKeyDown={onKeyDown}>
      {views.map((v) => {
        const count = counts[v];
        return (
          <button
            key={v}
            ref={(el) => {
              if (el) refs.current.set(v, el);
              else refs.current.delete(v);
            }}
            type="button"
            role="tab"
            id={`tab-${v}`}
            data-testid={`tab-${v}`}
            aria-selected={v === view}
            aria-controls={panelId}
            tabIndex={v === view ? 0 : -1}
            className="tab"
            onClick={() => onChange(v)}
          >
            {t(labelKeys[v])}
            {count !== null && v !== 'all' && (
              <span className="tab-count" data-count={count}>
                {t('tabs.count', { n: count })}
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}
