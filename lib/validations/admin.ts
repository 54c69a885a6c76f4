import { z } from 'zod';
import { ROLES, TOKEN_SCOPES } from '@/lib/auth/roles';

export const createUserBody = z.object({
  email: z.email().max(200),
  name: z.string().trim().min(1).max(100),
  role: z.enum(ROLES),
  /** Left out, a password is generated and shown once. */
  password: z.string().min(12).max(200).optional(),
});

export const createTokenBody = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(TOKEN_SCOPES)).min(1),
});

export const tokenIdParams = z.object({ id: z.uuid() });
