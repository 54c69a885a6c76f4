import type { NextRequest } from 'next/server';
import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/options';
import { callbackUrlRefusal } from '@/lib/auth/callbackUrl';
import { errorResponse } from '@/lib/http/errors';

const nextAuth = NextAuth(authOptions);

async function handler(request: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) {
  const refusal = callbackUrlRefusal(request);
  if (refusal) return errorResponse(refusal);
  return nextAuth(request, context);
}

export { handler as GET, handler as POST };
