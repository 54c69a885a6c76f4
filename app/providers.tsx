'use client';

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { SessionProvider } from 'next-auth/react';
import { useState } from 'react';
import { ApiError } from '@/lib/client/apiError';

/**
 * A 401 means the session ended (signed out, account disabled, password reset): go to sign-in
 * rather than show the error in every panel; a pending password choice goes to its page.
 */
function leaveOnEndedSession(error: Error) {
  if (!(error instanceof ApiError) || typeof window === 'undefined') return;
  if (error.status === 401) window.location.assign('/signin');
  else if (error.status === 403 && error.field === 'password')
    window.location.assign('/set-password');
}

export function Providers({ children }: { children: React.ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        queryCache: new QueryCache({ onError: leaveOnEndedSession }),
        mutationCache: new MutationCache({ onError: leaveOnEndedSession }),
        defaultOptions: { queries: { staleTime: 15_000, retry: 1 } },
      }),
  );
  return (
    <SessionProvider>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </SessionProvider>
  );
}
