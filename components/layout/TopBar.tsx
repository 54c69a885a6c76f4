'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { roleAtLeast, type Role } from '@/lib/auth/roles';

const LINKS: { href: string; label: string; role: Role }[] = [
  { href: '/', label: 'Overview', role: 'viewer' },
  { href: '/rollout', label: 'Rollout', role: 'viewer' },
  { href: '/slo', label: 'SLOs', role: 'viewer' },
  { href: '/guardrails', label: 'Guardrails', role: 'viewer' },
  { href: '/breaches', label: 'Breaches', role: 'viewer' },
  { href: '/metrics', label: 'Metrics', role: 'viewer' },
  { href: '/calibration', label: 'Calibration', role: 'viewer' },
  { href: '/signals', label: 'Signal parts', role: 'viewer' },
  { href: '/drift', label: 'Drift', role: 'viewer' },
  { href: '/predictions', label: 'Predictions', role: 'viewer' },
  { href: '/api-docs', label: 'API docs', role: 'viewer' },
  { href: '/import', label: 'Import', role: 'operator' },
  { href: '/admin', label: 'Admin', role: 'admin' },
];

export function TopBar({ email, role }: { email: string; role: Role }) {
  const pathname = usePathname();
  return (
    <header className="topbar">
      <strong>Fusion Ops</strong>
      <nav>
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
      <span className="muted" data-testid="whoami">
        {email} · {role}
      </span>
      <button className="secondary" onClick={() => signOut({ callbackUrl: '/signin' })}>
        Sign out
      </button>
    </header>
  );
}
