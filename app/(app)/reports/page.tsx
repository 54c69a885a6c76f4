import { SloDailyReports } from '@/components/reports/SloDailyReports';
import { roleAtLeast } from '@/lib/auth/roles';
import { WeeklyCsv } from '@/components/reports/WeeklyCsv';
import { requirePageSession } from '@/lib/auth/session';

export const metadata = { title: 'Reports' };

export default async function ReportsPage() {
  const user = await requirePageSession();
  return (
    <>
      <h1>Reports</h1>
      <SloDailyReports canBuild={roleAtLeast(user.role, 'operator')} />
      <WeeklyCsv />
    </>
  );
}
