'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '@/lib/client/fetchJson';
import {
  adminEndpoints as admin,
  type CreateTokenBody,
  type CreateUserBody,
  type ResetPasswordBody,
  type UpdateUserBody,
} from '@/lib/contracts/admin';
import { invalidate, queryKeys } from './queryKeys';

export const useTokens = () =>
  useQuery({
    queryKey: queryKeys.admin.tokens(),
    queryFn: () => call(admin.tokens),
    select: (d) => d.tokens,
  });

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTokenBody) => call(admin.createToken, { body }),
    onSuccess: () => invalidate(client, queryKeys.admin.tokens(), queryKeys.audit.all),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(admin.revokeToken, { params: { id } }),
    onSuccess: () => invalidate(client, queryKeys.admin.tokens(), queryKeys.audit.all),
  });
}

export const useUsers = () =>
  useQuery({
    queryKey: queryKeys.admin.users(),
    queryFn: () => call(admin.users),
    select: (d) => d.users,
  });

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUserBody) => call(admin.createUser, { body }),
    onSuccess: () => invalidate(client, queryKeys.admin.users(), queryKeys.audit.all),
  });
}

/** Disable / enable / role: the user's next request sees it. */
export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: UpdateUserBody & { id: string }) =>
      call(admin.updateUser, { params: { id }, body }),
    onSuccess: () =>
      invalidate(client, queryKeys.admin.users(), queryKeys.admin.tokens(), queryKeys.audit.all),
  });
}

/** The generated password is in the mutation's data, once. */
export function useResetPassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: ResetPasswordBody & { id: string }) =>
      call(admin.resetPassword, { params: { id }, body }),
    onSuccess: () => invalidate(client, queryKeys.admin.users(), queryKeys.audit.all),
  });
}
