'use client';

import { TOKEN_SCOPES, type TokenScope } from '@/lib/auth/roles';
import { useCreateToken, useRevokeToken, useTokens } from '@/lib/hooks/useAdmin';
import { QueryState } from '@/components/ui/QueryState';

export function TokenAdmin() {
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
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
      <QueryState
        isPending={tokens.isPending}
        error={tokens.error}
        isEmpty={tokens.data?.length === 0}
        emptyText="No API tokens."
      >
        <table aria-label="API tokens">
          <thead>
            <tr>
              <th>Name</th>
              <th>Prefix</th>
              <th>Scopes</th>
              <th>Created by</th>
              <th>Last used</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.data?.map((token) => (
              <tr key={token.id}>
                <td>{token.name}</td>
                <td className="secret">{token.prefix}…</td>
                <td>{token.scopes.join(', ')}</td>
                <td>{token.createdBy.email}</td>
                <td>{token.lastUsedAt ? new Date(token.lastUsedAt).toLocaleString() : 'never'}</td>
                <td>{token.revokedAt ? 'revoked' : 'active'}</td>
                <td>
                  {!token.revokedAt && (
                    <button className="secondary" onClick={() => revoke.mutate(token.id)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </QueryState>
    </section>
  );
}
