import type { Role } from '@/lib/auth/roles';

declare module 'next-auth' {
  interface Session {
    user: {
      id: string;
      role: Role;
      /** The user's session version at sign-in (see users.session_version). */
      sessionVersion?: number;
      email?: string | null;
      name?: string | null;
    };
  }
  interface User {
    role: Role;
    sessionVersion?: number;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    uid?: string;
    role?: Role;
    sv?: number;
  }
}
