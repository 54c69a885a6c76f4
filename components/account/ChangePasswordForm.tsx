'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useChangePassword } from '@/lib/hooks/useAccount';

/**
 * Changes the signed-in user's password. The server ends every session from before, this one
 * included, so the form signs in again with the new password and goes on to `next`.
 */
export function ChangePasswordForm({ email, next }: { email: string; next: string }) {
  const router = useRouter();
  const change = useChangePassword();
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const currentPassword = String(form.get('currentPassword'));
    const newPassword = String(form.get('newPassword'));
    setMismatch(newPassword !== String(form.get('repeat')));
    if (newPassword !== String(form.get('repeat'))) return;
    await change.mutateAsync({ currentPassword, newPassword }).then(
      async () => {
        const again = await signIn('credentials', {
          email,
          password: newPassword,
          redirect: false,
        });
        if (!again?.ok || again.error) {
          router.replace('/signin');
          return;
        }
        setDone(true);
        router.replace(next);
        router.refresh();
      },
      () => {},
    );
  }

  return (
    <form className="panel" aria-label="Change password" onSubmit={onSubmit}>
      <h2>Change password</h2>
      <label>
        Current password
        <input name="currentPassword" type="password" autoComplete="current-password" required />
      </label>
      <label>
        New password (at least 12 characters)
        <input
          name="newPassword"
          type="password"
          autoComplete="new-password"
          minLength={12}
          maxLength={200}
          required
        />
      </label>
      <label>
        New password again
        <input name="repeat" type="password" autoComplete="new-password" required />
      </label>
      {mismatch && (
        <p className="error" role="alert">
          The two new passwords differ.
        </p>
      )}
      {change.error && (
        <p className="error" role="alert">
          {change.error.message}
        </p>
      )}
      {done && <p role="status">Password changed. Your other sessions were signed out.</p>}
      <button type="submit" disabled={change.isPending}>
        {change.isPending ? 'Changing…' : 'Change password'}
      </button>
    </form>
  );
}
