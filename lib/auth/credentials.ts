import { randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from './password';

let dummyHash: Promise<string> | undefined;

/**
 * The hash an unknown (or disabled) account's password is checked against: a random password
 * hashed with the current parameters, so answering "no such user" costs the same scrypt as
 * "wrong password" and the time of a failed sign-in says nothing about which emails exist.
 */
export const dummyPasswordHash = (): Promise<string> =>
  (dummyHash ??= hashPassword(randomBytes(18).toString('base64url')));

export interface StoredAccount {
  passwordHash: string;
  disabledAt: Date | null;
}

/** Whether the password opens this account; the same work whether or not the account exists. */
export async function passwordOpens(
  account: StoredAccount | null,
  password: string,
  verify: (password: string, stored: string) => Promise<boolean> = verifyPassword,
): Promise<boolean> {
  const stored = account?.passwordHash ?? (await dummyPasswordHash());
  const matches = await verify(password, stored);
  return matches && account !== null && account.disabledAt === null;
}
