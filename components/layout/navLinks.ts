import type { Role } from '@/lib/auth/roles';

/** The sections of the navigation, in order: what runs now, the model, operations, settings. */
export const NAV_GROUPS = ['Live', 'Model', 'Operations', 'Settings'] as const;
export type NavGroup = (typeof NAV_GROUPS)[number];

export interface NavLink {
  href: string;
  label: string;
  group: NavGroup;
  /** The least role that may see the page. */
  role: Role;
}

/** Every page of the navigation, in order within its group (the e2e specs walk every one). */
export const LINKS: NavLink[] = [
  { href: '/', label: 'Overview', group: 'Live', role: 'viewer' },
  { href: '/rollout', label: 'Rollout', group: 'Live', role: 'viewer' },
  { href: '/slo', label: 'SLOs', group: 'Live', role: 'viewer' },
  { href: '/guardrails', label: 'Guardrails', group: 'Live', role: 'viewer' },
  { href: '/breaches', label: 'Breaches', group: 'Live', role: 'viewer' },
  { href: '/models', label: 'Models', group: 'Model', role: 'viewer' },
  { href: '/metrics', label: 'Metrics', group: 'Model', role: 'viewer' },
  { href: '/calibration', label: 'Calibration', group: 'Model', role: 'viewer' },
  { href: '/signals', label: 'Signal parts', group: 'Model', role: 'viewer' },
  { href: '/paper-vs-live', label: 'Paper vs live', group: 'Model', role: 'viewer' },
  { href: '/drift', label: 'Drift', group: 'Model', role: 'viewer' },
  { href: '/predictions', label: 'Predictions', group: 'Model', role: 'viewer' },
  { href: '/instruments', label: 'Instruments', group: 'Operations', role: 'viewer' },
  { href: '/queues', label: 'Queues', group: 'Operations', role: 'viewer' },
  { href: '/archives', label: 'Archives', group: 'Operations', role: 'viewer' },
  { href: '/reports', label: 'Reports', group: 'Operations', role: 'viewer' },
  { href: '/audit', label: 'Audit', group: 'Operations', role: 'viewer' },
  { href: '/import', label: 'Import', group: 'Operations', role: 'operator' },
  { href: '/account', label: 'Account', group: 'Settings', role: 'viewer' },
  { href: '/admin', label: 'Admin', group: 'Settings', role: 'admin' },
  { href: '/webhooks', label: 'Webhooks', group: 'Settings', role: 'admin' },
  { href: '/api-docs', label: 'API docs', group: 'Settings', role: 'viewer' },
];

/** The groups, each with the links `canSee` keeps (a group left with none is left out). */
export function navSections(
  canSee: (link: NavLink) => boolean,
): { group: NavGroup; links: NavLink[] }[] {
  return NAV_GROUPS.map((group) => ({
    group,
    links: LINKS.filter((link) => link.group === group && canSee(link)),
  })).filter((section) => section.links.length > 0);
}
