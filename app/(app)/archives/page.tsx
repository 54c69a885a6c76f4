import { ArchiveTable } from '@/components/archives/ArchiveTable';
import { CreateArchiveForm } from '@/components/archives/CreateArchiveForm';
import { roleAtLeast } from '@/lib/auth/roles';
import { requirePageSession } from '@/lib/auth/session';

export const metadata = { title: 'Archives' };

export default async function ArchivesPage() {
  const user = await requirePageSession();
  return (
    <>
      <h1>Archives</h1>
      {roleAtLeast(user.role, 'operator') ? (
        <CreateArchiveForm />
      ) : (
        <p className="muted">Operators create archives on demand; every viewer may download.</p>
      )}
      <ArchiveTable />
    </>
  );
}
