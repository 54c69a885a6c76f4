import type { Role } from '@/lib/auth/roles';

export interface NavLink {
  href: string;
  label: string;
  /** The least role that may see the page. */
  role: Role;
}

/** Every page of the top bar, in order (the e2e specs walk every one of them). */
export const LINKS: NavLink[] = [
  { href: '/', label: 'Overview', role: 'viewer' },
  { href: '/rollout', label: 'Rollout', role: 'viewer' },
  { href: '/slo', label: 'SLOs', role: 'viewer' },
  { href: '/guardrails', label: 'Guardrails', role: 'viewer' },
  { href: '/breaches', label: 'Breaches', role: 'viewer' },
  { href: '/metrics', label: 'Metrics', role: 'viewer' },
  { href: '/models', label: 'Models', role: 'viewer' },
  { href: '/calibration', label: 'Calibration', role: 'viewer' },
  { href: '/signals', label: 'Signal parts', role: 'viewer' },
  { href: '/paper-vs-live', label: 'Paper vs live', role: 'viewer' },
  { href: '/drift', label: 'Drift', role: 'viewer' },
  { href: '/predictions', label: 'Predictions', role: 'viewer' },
  { href: '/instruments', label: 'Instruments', role: 'viewer' },
  { href: '/queues', label: 'Queues', role: 'viewer' },
  { href: '/archives', label: 'Archives', role: 'viewer' },
  { href: '/reports', label: 'Reports', role: 'viewer' },
  { href: '/audit', label: 'Audit', role: 'viewer' },
  { href: '/api-docs', label: 'API docs', role: 'viewer' },
  { href: '/import', label: 'Import', role: 'operator' },
  { href: '/admin', label: 'Admin', role: 'admin' },
  { href: '/webhooks', label: 'Webhooks', role: 'admin' },
  { href: '/account', label: 'Account', role: 'viewer' },
];
