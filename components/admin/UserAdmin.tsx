'use client';

import { ROLES, type Role } from '@/lib/auth/roles';
import type { User } from '@/lib/contracts/admin';
import { useCreateUser, useUsers } from '@/lib/hooks/useAdmin';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { formatTime } from '@/components/ui/format';

const COLUMNS: Column<User>[] = [
  { key: 'email', header: 'Email', cell: (u) => u.email },
  { key: 'name', header: 'Name', cell: (u) => u.name },
  { key: 'role', header: 'Role', cell: (u) => u.role },
  { key: 'since', header: 'Since', cell: (u) => formatTime(u.createdAt) },
];

export function UserAdmin() {
  const users = useUsers();
  const create = useCreateUser();
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
      {create.error && (
        <p className="error" role="alert">
          {create.error.message}
        </p>
      )}
      <DataTable
        label="Users"
        columns={COLUMNS}
        rows={users.data}
        rowKey={(u) => u.id}
        status={users}
      />
    </section>
  );
}
