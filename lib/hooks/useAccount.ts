'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '@/lib/client/fetchJson';
import { accountEndpoints as account, type ChangePasswordBody } from '@/lib/contracts/account';
import type { CreateTokenBody } from '@/lib/contracts/admin';
import { invalidate, queryKeys } from './queryKeys';

export const useMyTokens = () =>
  useQuery({
    queryKey: queryKeys.account.tokens(),
    queryFn: () => call(account.myTokens),
    select: (d) => d.tokens,
  });

export function useCreateMyToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTokenBody) => call(account.createMyToken, { body }),
    onSuccess: () =>
      invalidate(client, queryKeys.account.tokens(), queryKeys.admin.tokens(), queryKeys.audit.all),
  });
}

export function useRevokeMyToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(account.revokeMyToken, { params: { id } }),
    onSuccess: () =>
      invalidate(client, queryKeys.account.tokens(), queryKeys.admin.tokens(), queryKeys.audit.all),
  });
}

/** The server ends every session signed in before; the caller signs in again with the new one. */
export const useChangePassword = () =>
  useMutation({
    mutationFn: (body: ChangePasswordBody) => call(account.changePassword, { body }),
  });
