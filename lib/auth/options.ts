import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { findUserByEmail } from '@/lib/db/users';
import { appendAudit } from '@/lib/db/audit';
import { clearSignInFailures, recordSignInFailure, signInBlocked } from '@/lib/http/rateLimit';
import { clientAddress } from '@/lib/http/clientAddress';
import { passwordOpens } from './credentials';
import { nextAuthLogger } from './nextAuthLogger';

export const SIGN_IN_RATE_LIMITED = 'RateLimited';

export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
  pages: { signIn: '/signin', error: '/signin' },
  logger: nextAuthLogger,
  providers: [
    CredentialsProvider({
      name: 'Email and password',
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
      },
      async authorize(credentials, request) {
        const email = credentials?.email?.trim().toLowerCase() ?? '';
        const password = credentials?.password ?? '';
        if (!email || !password) return null;
        const address = clientAddress(request?.headers);
        if (await signInBlocked(email, address)) throw new Error(SIGN_IN_RATE_LIMITED);
        const user = await findUserByEmail(email);
        const valid = await passwordOpens(user, password);
        await appendAudit({
          action: valid ? 'auth.signin' : 'auth.signin_failed',
          actor: email,
          details: {},
        });
        if (!valid || !user) {
          await recordSignInFailure(email, address);
          return null;
        }
        await clearSignInFailures(email);
        return {
          id: user.id,
          email: user.email,
          name: user.name,
          role: user.role,
          sessionVersion: user.sessionVersion,
        };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = user.role;
        token.sv = user.sessionVersion;
      }
      return token;
    },
    session({ session, token }) {
      if (session.user) {
        session.user.id = token.uid ?? '';
        session.user.role = token.role ?? 'viewer';
        session.user.sessionVersion = token.sv ?? 0;
      }
      return session;
    },
  },
};
