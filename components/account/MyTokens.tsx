'use client';

import { useState } from 'react';
import { ROLE_SCOPES, type Role, type TokenScope } from '@/lib/auth/roles';
import type { ApiToken } from '@/lib/contracts/admin';
import { useCreateMyToken, useMyTokens, useRevokeMyToken } from '@/lib/hooks/useAccount';
import { ConfirmBox, type PendingAction } from '@/components/ui/ConfirmBox';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { formatTime } from '@/components/ui/format';

/** A long secret wraps inside its panel on a phone, on a line of its own. */
const SECRET_STYLE = { display: 'inline-block', maxWidth: '100%', wordBreak: 'break-all' } as const;

/** The signed-in user's own API tokens: create within their role's scopes, revoke. */
export function MyTokens({ role }: { role: Role }) {
  const tokens = useMyTokens();
  const create = useCreateMyToken();
  const revoke = useRevokeMyToken();
  const [pending, setPending] = useState<PendingAction | null>(null);
  const scopes = ROLE_SCOPES[role];
  const columns: Column<ApiToken>[] = [
    { key: 'name', header: 'Name', cell: (t) => t.name },
    {
      key: 'prefix',
      header: 'Prefix',
      cell: (t) => `${t.prefix}…`,
      cellProps: () => ({ className: 'secret' }),
    },
    { key: 'scopes', header: 'Scopes', cell: (t) => t.scopes.join(', ') },
    { key: 'created', header: 'Created', cell: (t) => formatTime(t.createdAt), nowrap: true },
    {
      key: 'lastUsed',
      header: 'Last used',
      cell: (t) => (t.lastUsedAt ? formatTime(t.lastUsedAt) : 'never'),
      nowrap: true,
    },
    {
      key: 'state',
      header: 'State',
      cell: (t) => (t.revokedAt ? `revoked ${formatTime(t.revokedAt)}` : 'active'),
      nowrap: true,
    },
    {
      key: 'revoke',
      header: '',
      cell: (t) =>
        !t.revokedAt && (
          <button
            type="button"
            className="secondary"
            onClick={() =>
              setPending({
                title: `Revoke the token “${t.name}”?`,
                consequence: `Anything using ${t.prefix}… gets 401 from its next request on. This cannot be undone: create a new token instead.`,
                confirmLabel: 'Revoke',
                run: () => revoke.mutate(t.id, { onSettled: () => setPending(null) }),
              })
            }
          >
            Revoke
          </button>
        ),
    },
  ];
  const failure = create.error ?? revoke.error;
  return (
    <section className="panel">
      <h2>My API tokens</h2>
      <p className="muted">
        For scripts and monitors: send <code>Authorization: Bearer &lt;token&gt;</code>. A token
        acts for you, within your role ({role}: {scopes.join(', ')}).
      </p>
      <form
        className="row"
        aria-label="Create my API token"
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
          <input name="name" required maxLength={100} />
        </label>
        {scopes.map((scope) => (
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
        <p role="status" data-testid="my-token-secret">
          Copy this token now, it is not shown again:{' '}
          <span className="secret" style={SECRET_STYLE}>
            {create.data.secret}
          </span>
        </p>
      )}
      {failure && (
        <p className="error" role="alert">
          {failure.message}
        </p>
      )}
      {pending && (
        <ConfirmBox
          action={pending}
          busy={revoke.isPending}
          danger
          onCancel={() => setPending(null)}
        />
      )}
      <DataTable
        label="My API tokens"
        columns={columns}
        rows={tokens.data}
        rowKey={(t) => t.id}
        status={tokens}
        emptyText="You have no API tokens."
      />
    </section>
  );
}
