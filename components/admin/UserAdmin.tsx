'use client';

import { ROLES, type Role } from '@/lib/auth/roles';
import { useCreateUser, useUsers } from '@/lib/hooks/useAdmin';
import { QueryState } from '@/components/ui/QueryState';

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
      <QueryState isPending={users.isPending} error={users.error}>
        <table aria-label="Users">
          <thead>
            <tr>
              <th>Email</th>
              <th>Name</th>
              <th>Role</th>
              <th>Since</th>
            </tr>
          </thead>
          <tbody>
            {users.data?.map((user) => (
              <tr key={user.id}>
                <td>{user.email}</td>
                <td>{user.name}</td>
                <td>{user.role}</td>
                <td>{new Date(user.createdAt).toLocaleDateString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </QueryState>
    </section>
  );
}
