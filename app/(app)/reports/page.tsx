import { WeeklyCsv } from '@/components/reports/WeeklyCsv';
import { requirePageSession } from '@/lib/auth/session';

export const metadata = { title: 'Reports' };

export default async function ReportsPage() {
  await requirePageSession();
  return (
    <>
      <h1>Reports</h1>
      <WeeklyCsv />
    </>
  );
}
