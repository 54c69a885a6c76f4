import Link from 'next/link';
import { roleAtLeast, type Role } from '@/lib/auth/roles';
import { navSections } from './navLinks';

/**
 * The pages, grouped: a column beside the page on a desktop, the body of the menu on a phone
 * (components/layout/AppShell.tsx decides which).
 */
export function SideNav({ id, role, pathname }: { id: string; role: Role; pathname: string }) {
  return (
    <nav id={id} aria-label="Pages" className="sidenav">
      {navSections((link) => roleAtLeast(role, link.role)).map(({ group, links }) => (
        <div key={group} role="group" aria-labelledby={`${id}-${group}`} className="nav-group">
          <span id={`${id}-${group}`} className="nav-group-title">
            {group}
          </span>
          {links.map((link) => (
            <Link
              key={link.href}
              href={link.href}
              aria-current={pathname === link.href ? 'page' : undefined}
            >
              {link.label}
            </Link>
          ))}
        </div>
      ))}
    </nav>
  );
}
