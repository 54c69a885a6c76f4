'use client';

import { TOKEN_SCOPES, type TokenScope } from '@/lib/auth/roles';
import type { ApiToken } from '@/lib/contracts/admin';
import { useCreateToken, useRevokeToken, useTokens } from '@/lib/hooks/useAdmin';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { formatTime } from '@/components/ui/format';

export function TokenAdmin() {
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const columns: Column<ApiToken>[] = [
    { key: 'name', header: 'Name', cell: (t) => t.name },
    {
      key: 'prefix',
      header: 'Prefix',
      cell: (t) => `${t.prefix}…`,
      cellProps: () => ({ className: 'secret' }),
    },
    { key: 'scopes', header: 'Scopes', cell: (t) => t.scopes.join(', ') },
    {
      key: 'createdBy',
      header: 'Created by',
      cell: (t) => t.createdBy?.email ?? 'the app (built-in)',
    },
    {
      key: 'lastUsed',
      header: 'Last used',
      cell: (t) => (t.lastUsedAt ? formatTime(t.lastUsedAt) : 'never'),
    },
    { key: 'state', header: 'State', cell: (t) => (t.revokedAt ? 'revoked' : 'active') },
    {
      key: 'revoke',
      header: '',
      cell: (t) =>
        !t.revokedAt && (
          <button className="secondary" onClick={() => revoke.mutate(t.id)}>
            Revoke
          </button>
        ),
    },
  ];
  return (
    <section className="panel">
      <h2>API tokens</h2>
      <form
        className="row"
        aria-label="Create API token"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          create.mutate({
            name: String(form.get('name')),
            scopes: form.getAll('scopes').map((scope) => String(scope) as TokenScope),
          });
        }}
      >
        <label>
          Name
          <input name="name" required />
        </label>
        {TOKEN_SCOPES.map((scope) => (
          <label key={scope}>
            <input type="checkbox" name="scopes" value={scope} defaultChecked={scope === 'read'} />{' '}
            {scope}
          </label>
        ))}
        <button type="submit" disabled={create.isPending}>
          Create token
        </button>
      </form>
      {create.data && (
        <p role="status">
          Copy this token now, it is not shown again:{' '}
          <span className="secret">{create.data.secret}</span>
        </p>
      )}
      {create.error && (
        <p className="error" role="alert">
          {create.error.message}
        </p>
      )}
      <DataTable
        label="API tokens"
        columns={columns}
        rows={tokens.data}
        rowKey={(t) => t.id}
        status={tokens}
        emptyText="No API tokens."
      />
    </section>
  );
}
