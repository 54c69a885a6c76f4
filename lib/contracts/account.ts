import { z } from 'zod';
import { endpoint } from './endpoint';
import { apiToken, createTokenBody, tokenIdParams } from './admin';

export const changePasswordBody = z
  .object({
    currentPassword: z.string().min(1).max(200),
    newPassword: z.string().min(12).max(200),
  })
  .refine((body) => body.newPassword !== body.currentPassword, {
    path: ['newPassword'],
    message: 'the new password must differ from the current one',
  });

/** Every signed-in user's own account: their API tokens and their password (sessions only). */
export const accountEndpoints = {
  myTokens: endpoint({
    method: 'GET',
    path: '/api/me/tokens',
    access: 'viewer',
    summary: 'Your own API tokens (never their secrets)',
    response: z.object({ tokens: z.array(apiToken) }),
  }),
  createMyToken: endpoint({
    method: 'POST',
    path: '/api/me/tokens',
    access: 'viewer',
    summary:
      "Creates an API token of your own within your role's scopes; its secret is in this answer only",
    body: createTokenBody,
    response: z.object({ token: apiToken, secret: z.string() }),
    status: 201,
  }),
  revokeMyToken: endpoint({
    method: 'DELETE',
    path: '/api/me/tokens/:id',
    access: 'viewer',
    summary: "Revokes one of your own API tokens (another user's is a 404)",
    params: tokenIdParams,
    response: z.object({ token: apiToken }),
  }),
  changePassword: endpoint({
    method: 'POST',
    path: '/api/me/password',
    access: 'viewer',
    summary: 'Changes your password (the current one required); ends your other sessions',
    body: changePasswordBody,
    response: z.object({ changed: z.literal(true) }),
  }),
};

export type ChangePasswordBody = z.input<typeof changePasswordBody>;
