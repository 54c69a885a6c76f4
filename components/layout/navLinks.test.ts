import { describe, expect, it } from 'vitest';
import { roleAtLeast, type Role } from '@/lib/auth/roles';
import { LINKS, NAV_GROUPS, navSections } from './navLinks';

const seenBy = (role: Role) =>
  navSections((link) => roleAtLeast(role, link.role)).flatMap(({ group, links }) =>
    links.map((link) => `${group}:${link.href}`),
  );

describe('navSections', () => {
  it('puts every page once, in its group, groups in order', () => {
    const all = navSections(() => true);
    expect(all.map((section) => section.group)).toEqual([...NAV_GROUPS]);
    const hrefs = all.flatMap((section) => section.links.map((link) => link.href));
    expect(hrefs.toSorted()).toEqual(LINKS.map((link) => link.href).toSorted());
    expect(new Set(hrefs).size).toBe(hrefs.length);
  });

  it('shows a viewer neither Import nor the admin pages, and an admin everything', () => {
    const viewer = seenBy('viewer');
    expect(viewer).not.toContain('Operations:/import');
    expect(viewer).not.toContain('Settings:/admin');
    expect(viewer).not.toContain('Settings:/webhooks');
    expect(viewer).toContain('Settings:/account');
    expect(seenBy('operator')).toContain('Operations:/import');
    expect(seenBy('operator')).not.toContain('Settings:/admin');
    expect(seenBy('admin')).toHaveLength(LINKS.length);
  });

  it('leaves out a group with no page the role may see', () => {
    const none = navSections((link) => link.group !== 'Settings');
    expect(none.map((section) => section.group)).toEqual(['Live', 'Model', 'Operations']);
  });
});
