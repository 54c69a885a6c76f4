'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { useEffect, useId, useRef, useState } from 'react';
import { RecentActions } from '@/components/audit/RecentActions';
import { roleAtLeast, type Role } from '@/lib/auth/roles';
import { ZonePicker } from '@/components/ui/ZonePicker';
import { LINKS } from './navLinks';

/**
 * The top bar: one row of links that wraps on a desktop; on a phone (≤ 900 px) the links, the
 * zone choice and Sign out fold into a menu behind one button (Esc closes it).
 */
export function TopBar({ email, role }: { email: string; role: Role }) {
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
    <header className="topbar">
      <strong>Fusion Ops</strong>
      <button
        ref={toggle}
        type="button"
        className="secondary menu-toggle"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? 'Close menu' : 'Menu'}
      </button>
      <div id={menuId} className={open ? 'topbar-menu open' : 'topbar-menu'}>
        <nav aria-label="Pages">
          {LINKS.filter((link) => roleAtLeast(role, link.role)).map((link) => (
            <Link
              key={link.href}
              href={link.href}
              aria-current={pathname === link.href ? 'page' : undefined}
            >
              {link.label}
            </Link>
          ))}
        </nav>
        <div className="topbar-user">
          <ZonePicker />
          <span className="muted" data-testid="whoami">
            {email} · {role}
          </span>
          <button className="secondary" onClick={() => signOut({ callbackUrl: '/signin' })}>
            Sign out
          </button>
        </div>
      </div>
      <RecentActions />
    </header>
  );
}
