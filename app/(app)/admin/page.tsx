import { requirePageSession } from '@/lib/auth/session';
import { TokenAdmin } from '@/components/admin/TokenAdmin';
import { UserAdmin } from '@/components/admin/UserAdmin';

export const metadata = { title: 'Admin' };

export default async function AdminPage() {
  const me = await requirePageSession('admin');
  return (
    <>
      <h1>Admin</h1>
      <UserAdmin meId={me.id} />
      <TokenAdmin />
    </>
  );
}
