'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchJson } from './fetchJson';

export interface ApiTokenRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdBy: { email: string };
}

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  createdAt: string;
}

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const useTokens = () =>
  useQuery({
    queryKey: ['admin', 'tokens'],
    queryFn: () => fetchJson<{ tokens: ApiTokenRow[] }>('/api/admin/tokens'),
    select: (d) => d.tokens,
  });

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; scopes: string[] }) =>
      fetchJson<{ secret: string; token: ApiTokenRow }>('/api/admin/tokens', json(body)),
    onSuccess: () => client.invalidateQueries({ queryKey: ['admin', 'tokens'] }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => fetchJson(`/api/admin/tokens/${id}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['admin', 'tokens'] }),
  });
}

export const useUsers = () =>
  useQuery({
    queryKey: ['admin', 'users'],
    queryFn: () => fetchJson<{ users: UserRow[] }>('/api/admin/users'),
    select: (d) => d.users,
  });

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; name: string; role: string }) =>
      fetchJson<{ user: UserRow; password?: string }>('/api/admin/users', json(body)),
    onSuccess: () => client.invalidateQueries({ queryKey: ['admin', 'users'] }),
  });
}
