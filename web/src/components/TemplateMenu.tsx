// The reply box's 定型文 menu: a menu button (WAI-ARIA menu button pattern) listing the
// conversation's templates with their Alt+digit shortcut. Choosing one hands its body to the
// composer; nothing is sent. Arrow keys, Home/End move; Escape closes; a digit picks that shortcut.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { RenderedTemplate } from '../api/types';
import type { TemplatesState } from '../hooks/useConversationTemplates';
import { useI18n } from '../i18n';
import { ariaShortcut, menuOrder, shortcutLabel, templateName } from '../lib/templates';

interface Props {
  state: TemplatesState;
  disabled: boolean;
  onChoose: (template: RenderedTemplate) => void;
  onRetry: () => void;
}

const mac = /Mac|iPhone|iPad/.test(globalThis.navigator?.platform ?? '');

export function TemplateMenu({ state, disabled, onChoose, onRetry }: Props) {
  const { lang, t } = useI18n();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);

  const templates = state.status === 'ready' ? menuOrder(state.templates) : [];
  // What the menu holds: the templates, or one item that explains (and, after a failure, retries).
  const count = templates.length > 0 ? templates.length : 1;

  useEffect(() => {
    if (open) items.current[Math.min(active, count - 1)]?.focus();
  }, [open, active, count]);

  // A click anywhere else closes the menu.
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  function show(at: number) {
    setActive(at);
    setOpen(true);
  }

  function close(refocus: boolean) {
    setOpen(false);
    if (refocus) button.current?.focus();
  }

  function choose(template: RenderedTemplate) {
    setOpen(false);
    onChoose(template); // the composer takes the focus
  }

  function onButtonKeyDown(event: KeyboardEvent) {
    if (event.key === 'ArrowDown') show(0);
    else if (event.key === 'ArrowUp') show(count - 1);
    else return;
    event.preventDefault();
  }

  function onMenuKeyDown(event: KeyboardEvent) {
    const digit = /^[1-9]$/.test(event.key) ? Number(event.key) : null;
    const byDigit = digit === null ? undefined : templates.find((tpl) => tpl.shortcut === digit);
    if (event.key === 'ArrowDown') setActive((a) => (a + 1) % count);
    else if (event.key === 'ArrowUp') setActive((a) => (a - 1 + count) % count);
    else if (event.key === 'Home') setActive(0);
    else if (event.key === 'End') setActive(count - 1);
    else if (event.key === 'Escape') close(true);
    else if (event.key === 'Tab') {
      // Close, and let the browser move the focus on from the menu button.
      close(true);
      return;
    } else if (byDigit) choose(byDigit);
    else return;
    event.preventDefault();
    event.stopPropagation(); // Escape must not also close a surrounding dialog
  }

  const itemProps = (index: number) => ({
    ref: (el: HTMLButtonElement | null) => {
      items.current[index] = el;
    },
    type: 'button' as const,
    role: 'menuitem',
    tabIndex: index === active ? 0 : -1,
    className: 'template-item',
  });

  return (
    <div className="template-menu" ref={root}>
      <button
        ref={button}
        type="button"
        id={`${id}-button`}
        className="button"
        data-testid="template-menu-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={`${id}-menu`}
        disabled={disabled}
        onClick={() => (open ? close(false) : show(0))}
        onKeyDown={onButtonKeyDown}
      >
        {t('templates.menu')}
        <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div
          id={`${id}-menu`}
          role="menu"
          aria-labelledby={`${id}-button`}
          className="template-menu-list"
          data-testid="template-menu"
          onKeyDown={onMenuKeyDown}
        >
          {templates.map((tpl, index) => (
            <button
              key={tpl.key}
              {...itemProps(index)}
              data-testid="template-item"
              data-template-key={tpl.key}
              data-shortcut={tpl.shortcut}
              aria-keyshortcuts={ariaShortcut(tpl.shortcut)}
              onClick={() => choose(tpl)}
            >
              <span className="template-item-head">
                <span className="template-item-name">{templateName(tpl, lang)}</span>
                <kbd className="template-item-key">{shortcutLabel(tpl.shortcut, mac)}</kbd>
              </span>
              <span className="template-item-body">{tpl.body}</span>
            </button>
          ))}
          {templates.length === 0 && state.status === 'error' && (
            <button {...itemProps(0)} data-testid="template-retry" onClick={onRetry}>
              {t('templates.error')} {t('templates.retry')}
            </button>
          )}
          {templates.length === 0 && state.status !== 'error' && (
            <button {...itemProps(0)} aria-disabled="true" onClick={() => close(true)}>
              {state.status === 'loading' ? t('templates.loading') : t('templates.none')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
