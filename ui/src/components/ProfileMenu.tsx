// The signed-in user's name in the top bar, as a menu button (the WAI-ARIA menu button pattern):
// Enter, Space or the arrow keys open it, the arrows and Home/End move through it, Escape closes
// it and gives the focus back to the button, Tab or a click elsewhere closes it.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { User } from '../api/types';

export interface ProfileAction {
  label: string;
  onSelect: () => void;
  danger?: boolean;
}

export function ProfileMenu({ user, actions }: { user: User; actions: ProfileAction[] }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);
  const [focusIndex, setFocusIndex] = useState(0);
  const name = user.name || user.email;
  const role = user.role === 'admin' ? 'Admin' : user.role === 'agent' ? 'Agent' : '';

  useEffect(() => {
    if (open) items.current[focusIndex]?.focus();
  }, [open, focusIndex]);

  useEffect(() => {
    if (!open) return;
    function onDown(e: MouseEvent) {
      if (wrap.current && !wrap.current.contains(e.target as Node)) setOpen(false);
    }
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  function openAt(index: number) {
    setFocusIndex(index);
    setOpen(true);
  }

  function close(refocus: boolean) {
    setOpen(false);
    if (refocus) button.current?.focus();
  }

  function onButtonKey(e: KeyboardEvent<HTMLButtonElement>) {
    if (e.key === 'ArrowDown' || e.key === 'Enter' || e.key === ' ') { e.preventDefault(); openAt(0); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); openAt(actions.length - 1); }
  }

  function onMenuKey(e: KeyboardEvent<HTMLUListElement>) {
    const n = actions.length;
    const at = items.current.findIndex((el) => el === document.activeElement);
    if (e.key === 'ArrowDown') { e.preventDefault(); setFocusIndex((at + 1) % n); items.current[(at + 1) % n]?.focus(); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); setFocusIndex((at - 1 + n) % n); items.current[(at - 1 + n) % n]?.focus(); }
    else if (e.key === 'Home') { e.preventDefault(); setFocusIndex(0); items.current[0]?.focus(); }
    else if (e.key === 'End') { e.preventDefault(); setFocusIndex(n - 1); items.current[n - 1]?.focus(); }
    else if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); close(true); }
    else if (e.key === 'Tab') setOpen(false);
  }

  function choose(a: ProfileAction) {
    // The focus goes back to the button first, so a dialog the action opens returns it there.
    close(true);
    a.onSelect();
  }

  return (
    <div className="profile" ref={wrap}>
      <button
        type="button"
        ref={button}
        id={`${id}-button`}
        className="btn ghost on-dark profile-btn"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        title={user.email}
        onClick={() => (open ? close(false) : openAt(0))}
        onKeyDown={onButtonKey}
      >
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true"><circle cx="12" cy="8" r="4" fill="currentColor" /><path d="M4 20c0-4 3.6-6 8-6s8 2 8 6" fill="currentColor" /></svg>
        <span className="profile-name">{name}</span>
        <svg className="caret" viewBox="0 0 24 24" width="14" height="14" aria-hidden="true"><path d="M6 9l6 6 6-6" stroke="currentColor" strokeWidth="2.4" fill="none" strokeLinecap="round" strokeLinejoin="round" /></svg>
      </button>
      {open && (
        <div className="menu-popup">
          <p className="menu-head">
            <span className="menu-email">{user.email}</span>
            {role && <span className="muted"> · {role}</span>}
          </p>
          <ul className="menu" role="menu" id={`${id}-menu`} aria-labelledby={`${id}-button`} onKeyDown={onMenuKey}>
            {actions.map((a, i) => (
              <li role="none" key={a.label}>
                <button
                  type="button"
                  role="menuitem"
                  tabIndex={-1}
                  ref={(el) => { items.current[i] = el; }}
                  className={a.danger ? 'menu-item danger' : 'menu-item'}
                  onClick={() => choose(a)}
                >
                  {a.label}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
