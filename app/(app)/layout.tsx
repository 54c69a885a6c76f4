import { cookies } from 'next/headers';
import { requirePageSession } from '@/lib/auth/session';
import { AutoPauseModal } from '@/components/slo/AutoPauseModal';
import { AppShell } from '@/components/layout/AppShell';
import { isZoneChoice } from '@/components/ui/format';
import { TimeZoneProvider, ZONE_COOKIE } from '@/components/ui/TimeZoneProvider';
import { Providers } from '../providers';

export const dynamic = 'force-dynamic';

export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageSession();
  const stored = (await cookies()).get(ZONE_COOKIE)?.value;
  return (
    <Providers>
      <TimeZoneProvider initial={isZoneChoice(stored) ? stored : 'utc'}>
        <a className="skip-link" href="#main">
          Skip to main content
        </a>
        <AppShell email={user.email ?? ''} role={user.role}>
          <main id="main" tabIndex={-1}>
            {children}
          </main>
        </AppShell>
        <AutoPauseModal role={user.role} />
      </TimeZoneProvider>
    </Providers>
  );
}
