import { AuditLog } from '@/components/audit/AuditLog';
import { requirePageSession } from '@/lib/auth/session';

export const metadata = { title: 'Audit log' };

export default async function AuditPage() {
  await requirePageSession();
  return (
    <>
      <h1>Audit log</h1>
      <AuditLog />
    </>
  );
}
