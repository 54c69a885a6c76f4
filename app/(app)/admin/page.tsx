import { requirePageSession } from '@/lib/auth/session';
import { TokenAdmin } from '@/components/TokenAdmin';
import { UserAdmin } from '@/components/UserAdmin';

export default async function AdminPage() {
  await requirePageSession('admin');
  return (
    <>
      <h1>Admin</h1>
      <UserAdmin />
      <TokenAdmin />
    </>
  );
}
