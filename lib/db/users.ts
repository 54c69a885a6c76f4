import { db } from './client';
import type { Role } from '@/lib/auth/roles';

export const findUserByEmail = (email: string) =>
  db().user.findUnique({ where: { email: email.toLowerCase() } });

export const findActiveUser = (id: string) =>
  db().user.findFirst({ where: { id, disabledAt: null } });

export const listUsers = () =>
  db().user.findMany({
    orderBy: { createdAt: 'asc' },
    select: { id: true, email: true, name: true, role: true, createdAt: true, disabledAt: true },
  });

export const countUsers = () => db().user.count();

export const createUser = (input: {
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
}) =>
  db().user.create({
    data: { ...input, email: input.email.toLowerCase() },
    select: { id: true, email: true, name: true, role: true, createdAt: true },
  });
