import { hashPassword } from '@/lib/auth/password';
import type { Role } from '@/lib/auth/roles';
import { createUser } from '@/lib/db/users';

export const TEST_PASSWORD = 'correct horse battery staple';

export const TEST_USERS: Record<Role, string> = {
  viewer: 'viewer@test.local',
  operator: 'operator@test.local',
  admin: 'admin@test.local',
};

/** Creates one user per role, all with TEST_PASSWORD. Needs DATABASE_URL set. */
export async function seedTestUsers(): Promise<void> {
  const passwordHash = await hashPassword(TEST_PASSWORD);
  for (const [role, email] of Object.entries(TEST_USERS) as [Role, string][]) {
    await createUser({ email, name: role, role, passwordHash });
  }
}
