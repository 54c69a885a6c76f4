'use client';

import { useState } from 'react';
import { ROLES, type Role } from '@/lib/auth/roles';
import type { User } from '@/lib/contracts/admin';
import { useCreateUser, useResetPassword, useUpdateUser, useUsers } from '@/lib/hooks/useAdmin';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { formatTime } from '@/components/ui/format';
import { ConfirmBox, type PendingAction } from '@/components/ui/ConfirmBox';

/** A long secret wraps inside its panel on a phone, on a line of its own. */
const SECRET_STYLE = { display: 'inline-block', maxWidth: '100%', wordBreak: 'break-all' } as const;

const activeAdmins = (users: readonly User[]) =>
  users.filter((u) => u.role === 'admin' && !u.disabledAt).length;

/** Why a control is off for this row, or null: yourself, or the last active admin. */
function lockReason(user: User, meId: string, users: readonly User[]): string | null {
  if (user.id === meId) return 'You cannot disable or demote yourself: ask another admin.';
  if (user.role === 'admin' && !user.disabledAt && activeAdmins(users) <= 1)
    return 'The last active admin cannot be disabled or demoted: make another user admin first.';
  return null;
}

export function UserAdmin({ meId }: { meId: string }) {
  const users = useUsers();
  const create = useCreateUser();
  const update = useUpdateUser();
  const reset = useResetPassword();
  const [pending, setPending] = useState<PendingAction | null>(null);
  const [resetFor, setResetFor] = useState<string | null>(null);
  const all = users.data ?? [];
  const done = () => setPending(null);

  const askDisable = (u: User) =>
    setPending({
      title: u.disabledAt ? `Enable ${u.email}?` : `Disable ${u.email}?`,
      consequence: u.disabledAt
        ? `${u.email} can sign in again, and their API tokens work again.`
        : `${u.email} is signed out on their next request and cannot sign in; their API tokens stop working. You can enable them again later.`,
      confirmLabel: u.disabledAt ? 'Enable' : 'Disable',
      run: () => update.mutate({ id: u.id, disabled: !u.disabledAt }, { onSettled: done }),
    });
  const askRole = (u: User, role: Role) =>
    setPending({
      title: `Make ${u.email} ${role}?`,
      consequence: `${u.email} goes from ${u.role} to ${role} on their next request; their API tokens act only within the ${role} role's scopes.`,
      confirmLabel: `Make ${role}`,
      run: () => update.mutate({ id: u.id, role }, { onSettled: done }),
    });
  const askReset = (u: User) =>
    setPending({
      title: `Reset the password of ${u.email}?`,
      consequence: `Their current password stops working and they are signed out everywhere. A new password is shown here once; they must choose their own after signing in with it.`,
      confirmLabel: 'Reset password',
      run: () => {
        setResetFor(u.id);
        reset.mutate({ id: u.id, mustChange: true }, { onSettled: done });
      },
    });

  const columns: Column<User>[] = [
    { key: 'email', header: 'Email', cell: (u) => u.email },
    { key: 'name', header: 'Name', cell: (u) => u.name },
    {
      key: 'role',
      header: 'Role',
      cell: (u) => {
        const lock = lockReason(u, meId, all);
        return (
          <select
            aria-label={`Role of ${u.email}`}
            value={u.role}
            disabled={lock !== null && u.role === 'admin'}
            title={lock !== null && u.role === 'admin' ? lock : undefined}
            onChange={(event) => askRole(u, event.target.value as Role)}
          >
            {ROLES.map((role) => (
              <option key={role}>{role}</option>
            ))}
          </select>
        );
      },
    },
    {
      key: 'state',
      header: 'State',
      cell: (u) =>
        u.disabledAt
          ? `disabled since ${formatTime(u.disabledAt)}`
          : u.mustChangePassword
            ? 'active (must choose a password)'
            : 'active',
      nowrap: true,
    },
    { key: 'since', header: 'Since', cell: (u) => formatTime(u.createdAt), nowrap: true },
    {
      key: 'actions',
      header: 'Actions',
      nowrap: true,
      cell: (u) => {
        const lock = lockReason(u, meId, all);
        const cannotDisable = lock !== null && !u.disabledAt;
        return (
          <div className="row" style={{ flexWrap: 'nowrap' }}>
            <button
              type="button"
              className="secondary"
              disabled={cannotDisable}
              title={cannotDisable ? lock! : undefined}
              onClick={() => askDisable(u)}
            >
              {u.disabledAt ? 'Enable' : 'Disable'}
            </button>
            <button
              type="button"
              className="secondary"
              disabled={u.id === meId}
              title={u.id === meId ? 'Change your own password on the Account page.' : undefined}
              onClick={() => askReset(u)}
            >
              Reset password
            </button>
          </div>
        );
      },
    },
  ];

  const resetUser = reset.data && all.find((u) => u.id === resetFor);
  const failure = create.error ?? update.error ?? reset.error;
  return (
    <section className="panel">
      <h2>Users</h2>
      <form
        className="row"
        aria-label="Create user"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          create.mutate({
            email: String(form.get('email')),
            name: String(form.get('name')),
            role: String(form.get('role')) as Role,
          });
        }}
      >
        <label>
          Email
          <input name="email" type="email" required />
        </label>
        <label>
          Name
          <input name="name" required />
        </label>
        <label>
          Role
          <select name="role" defaultValue="viewer">
            {ROLES.map((role) => (
              <option key={role}>{role}</option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={create.isPending}>
          Add user
        </button>
      </form>
      {create.data?.password && (
        <p role="status">
          Password for {create.data.user.email} (shown once):{' '}
          <span className="secret">{create.data.password}</span>
        </p>
      )}
      {reset.data && (
        <p role="status" data-testid="reset-password">
          New password for {resetUser?.email ?? reset.data.user.email} (shown once; they choose
          their own after signing in):{' '}
          <span className="secret" style={SECRET_STYLE}>
            {reset.data.password}
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
          busy={update.isPending || reset.isPending}
          danger
          onCancel={() => setPending(null)}
        />
      )}
      <DataTable
        label="Users"
        columns={columns}
        rows={users.data}
        rowKey={(u) => u.id}
        status={users}
      />
    </section>
  );
}
