import type { Access } from '@/lib/openapi/types';

const COLOURS: Record<Access, string> = {
  public: 'var(--ok)',
  viewer: 'var(--accent)',
  operator: 'var(--warn)',
  admin: 'var(--danger)',
};

/** Who may call an operation: its least role, and the API-token scope standing in for it. */
export function AccessBadge({ access, scope }: { access: Access; scope?: string }) {
  return (
    <span
      title={scope ? `API tokens need the ${scope} scope` : undefined}
      style={{
        border: `1px solid ${COLOURS[access]}`,
        color: COLOURS[access],
        borderRadius: '999px',
        padding: '0 0.5rem',
        fontSize: '0.8rem',
        whiteSpace: 'nowrap',
      }}
    >
      {access}
      {scope ? ` · ${scope}` : ''}
    </span>
  );
}
