'use client';

import { usePathname } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { useEffect, useId, useRef, useState } from 'react';
import { RecentActions } from '@/components/audit/RecentActions';
import type { Role } from '@/lib/auth/roles';
import { ZonePicker } from '@/components/ui/ZonePicker';
import { SideNav } from './SideNav';

/**
 * The frame of every signed-in page: a top bar (the zone choice, who is signed in, RecentActions)
 * and the grouped pages in a column beside the page. On a phone or a narrow window (≤ 900 px)
 * the column and the account controls fold into a menu behind one button (Esc closes it).
 */
export function AppShell({
  email,
  role,
  children,
}: {
  email: string;
  role: Role;
  children: React.ReactNode;
}) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const [openedAt, setOpenedAt] = useState(pathname);
  const menuId = useId();
  const toggle = useRef<HTMLButtonElement>(null);

  // A link followed closes the menu (adjusting state while rendering, as React advises).
  if (openedAt !== pathname) {
    setOpenedAt(pathname);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        toggle.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  return (
    <div className={open ? 'shell menu-open' : 'shell'}>
      <header className="topbar">
        <strong>Fusion Ops</strong>
        <button
          ref={toggle}
          type="button"
          className="secondary menu-toggle"
          aria-expanded={open}
          aria-controls={menuId}
          // "Close" alone keeps the bar on one row at 390 px; the name still says what closes.
          aria-label={open ? 'Close menu' : undefined}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? 'Close' : 'Menu'}
        </button>
        <div className="topbar-user">
          <ZonePicker />
          <span className="muted" data-testid="whoami">
            {email} · {role}
          </span>
          <button className="secondary" onClick={() => signOut({ callbackUrl: '/signin' })}>
            Sign out
          </button>
        </div>
        <RecentActions />
      </header>
      <SideNav id={menuId} role={role} pathname={pathname} />
      {children}
    </div>
  );
}
