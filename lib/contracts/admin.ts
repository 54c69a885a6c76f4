import { z } from 'zod';
import { ROLES, TOKEN_SCOPES } from '@/lib/auth/roles';
import { endpoint } from './endpoint';
import { isoInstant } from './json';

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

export const userIdParams = z.object({ id: z.uuid() });

/** Disable / re-enable and change the role, together or alone. */
export const updateUserBody = z
  .object({ disabled: z.boolean().optional(), role: z.enum(ROLES).optional() })
  .refine((body) => body.disabled !== undefined || body.role !== undefined, {
    message: 'give disabled, role or both',
  });

export const resetPasswordBody = z.object({
  /** The user must choose their own password at their next sign-in (default true). */
  mustChange: z.boolean().default(true),
});

export const user = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  createdAt: isoInstant,
});

export const listedUser = user.extend({
  disabledAt: isoInstant.nullable(),
  mustChangePassword: z.boolean(),
});

export const apiToken = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: isoInstant,
  lastUsedAt: isoInstant.nullable(),
  revokedAt: isoInstant.nullable(),
  /** null: a built-in token of the app's own (the canary). */
  createdBy: z.object({ email: z.string() }).nullable(),
});

export const adminEndpoints = {
  users: endpoint({
    method: 'GET',
    path: '/api/admin/users',
    access: 'admin',
    summary: 'Every user',
    response: z.object({ users: z.array(listedUser) }),
  }),
  createUser: endpoint({
    method: 'POST',
    path: '/api/admin/users',
    access: 'admin',
    summary: 'Adds a user; a generated password is in this answer only',
    body: createUserBody,
    response: z.object({ user, password: z.string().optional() }),
    status: 201,
  }),
  updateUser: endpoint({
    method: 'PATCH',
    path: '/api/admin/users/:id',
    access: 'admin',
    summary:
      'Disables / re-enables a user or changes their role (effective on their next request); 409 for the last active admin or yourself',
    params: userIdParams,
    body: updateUserBody,
    response: z.object({ user: listedUser }),
  }),
  resetPassword: endpoint({
    method: 'POST',
    path: '/api/admin/users/:id/reset-password',
    access: 'admin',
    summary:
      "Sets a generated password (in this answer only) and ends the user's sessions; by default they choose their own at next sign-in",
    params: userIdParams,
    body: resetPasswordBody,
    response: z.object({ user: listedUser, password: z.string() }),
  }),
  tokens: endpoint({
    method: 'GET',
    path: '/api/admin/tokens',
    access: 'admin',
    summary: 'Every API token (never its secret)',
    response: z.object({ tokens: z.array(apiToken) }),
  }),
  createToken: endpoint({
    method: 'POST',
    path: '/api/admin/tokens',
    access: 'admin',
    summary: 'Creates an API token; its secret is in this answer only (stored hashed)',
    body: createTokenBody,
    response: z.object({ token: apiToken, secret: z.string() }),
    status: 201,
  }),
  revokeToken: endpoint({
    method: 'DELETE',
    path: '/api/admin/tokens/:id',
    access: 'admin',
    summary: 'Revokes an API token (kept for the record, never usable again)',
    params: tokenIdParams,
    response: z.object({ token: apiToken }),
  }),
};

export type User = z.input<typeof listedUser>;
export type ApiToken = z.input<typeof apiToken>;
export type CreateUserBody = z.input<typeof createUserBody>;
export type CreateTokenBody = z.input<typeof createTokenBody>;
export type UpdateUserBody = z.input<typeof updateUserBody>;
export type ResetPasswordBody = z.input<typeof resetPasswordBody>;
