import { requirePageSession } from '@/lib/auth/session';
import { AutoPauseModal } from '@/components/slo/AutoPauseModal';
import { TopBar } from '@/components/layout/TopBar';
import { Providers } from '../providers';

export const dynamic = 'force-dynamic';

export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageSession();
  return (
    <Providers>
      <TopBar email={user.email ?? ''} role={user.role} />
      <AutoPauseModal role={user.role} />
      <main>{children}</main>
    </Providers>
  );
}
