import { describe, expect, it } from 'vitest';
import { dummyPasswordHash, passwordOpens } from './credentials';
import { hashPassword, verifyPassword } from './password';

/** verifyPassword, noting the scrypt parameters of every hash it was asked to check. */
function countingVerify() {
  const checked: string[] = [];
  const verify = (password: string, stored: string) => {
    checked.push(stored.split('$').slice(0, 4).join('$'));
    return verifyPassword(password, stored);
  };
  return { verify, checked };
}

// Each scrypt takes ~50 ms idle and seconds on a loaded machine: the limit guards a hang only.
const SCRYPT_TIMEOUT = 120_000;

describe('sign-in password check', () => {
  it(
    'spends one scrypt of the same cost whether the account exists or not',
    async () => {
      const account = { passwordHash: await hashPassword('right password 1'), disabledAt: null };
      const known = countingVerify();
      expect(await passwordOpens(account, 'wrong password', known.verify)).toBe(false);
      const unknown = countingVerify();
      expect(await passwordOpens(null, 'wrong password', unknown.verify)).toBe(false);
      const disabled = countingVerify();
      expect(
        await passwordOpens(
          { ...account, disabledAt: new Date() },
          'right password 1',
          disabled.verify,
        ),
      ).toBe(false);
      expect(known.checked).toHaveLength(1);
      expect(unknown.checked).toEqual(known.checked);
      expect(disabled.checked).toEqual(known.checked);
    },
    SCRYPT_TIMEOUT,
  );

  it(
    'opens an enabled account with its password, and the dummy hash with none',
    async () => {
      const account = { passwordHash: await hashPassword('right password 1'), disabledAt: null };
      expect(await passwordOpens(account, 'right password 1')).toBe(true);
      // Nobody knows the dummy's password: an unknown email never signs in.
      expect(await passwordOpens(null, '')).toBe(false);
      expect(await dummyPasswordHash()).toBe(await dummyPasswordHash());
    },
    SCRYPT_TIMEOUT,
  );
});
