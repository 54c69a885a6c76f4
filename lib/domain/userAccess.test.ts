import { describe, expect, it } from 'vitest';
import { accessChangeActions, accessChangeRefusal, type AccessSubject } from './userAccess';

const admin: AccessSubject = { id: 'a', email: 'a@x', role: 'admin', disabled: false };
const operator: AccessSubject = { id: 'o', email: 'o@x', role: 'operator', disabled: false };

describe('accessChangeRefusal', () => {
  it('refuses to disable or demote the last active admin, naming the field', () => {
    for (const [change, field] of [
      [{ disabled: true }, 'disabled'],
      [{ role: 'operator' }, 'role'],
      [{ role: 'viewer', disabled: true }, 'disabled'],
    ] as const) {
      const refusal = accessChangeRefusal({
        actorId: 'someone else',
        target: admin,
        change,
        otherActiveAdmins: 0,
      });
      expect(refusal?.field).toBe(field);
      expect(refusal?.message).toContain('last active admin');
    }
  });

  it('lets another admin disable or demote an admin when one stays', () => {
    for (const change of [{ disabled: true }, { role: 'viewer' as const }])
      expect(
        accessChangeRefusal({ actorId: 'b', target: admin, change, otherActiveAdmins: 1 }),
      ).toBeNull();
  });

  it('refuses an admin locking themself out, even with other admins', () => {
    expect(
      accessChangeRefusal({
        actorId: 'a',
        target: admin,
        change: { disabled: true },
        otherActiveAdmins: 3,
      }),
    ).toMatchObject({ field: 'disabled', message: expect.stringContaining('yourself') });
    expect(
      accessChangeRefusal({
        actorId: 'a',
        target: admin,
        change: { role: 'operator' },
        otherActiveAdmins: 3,
      }),
    ).toMatchObject({ field: 'role', message: expect.stringContaining('yourself') });
  });

  it('allows no-op and harmless changes, and anything on non-admins', () => {
    const none = { actorId: 'a', otherActiveAdmins: 0 };
    expect(accessChangeRefusal({ ...none, target: admin, change: {} })).toBeNull();
    expect(accessChangeRefusal({ ...none, target: admin, change: { role: 'admin' } })).toBeNull();
    expect(accessChangeRefusal({ ...none, target: admin, change: { disabled: false } })).toBeNull();
    expect(
      accessChangeRefusal({
        ...none,
        target: operator,
        change: { disabled: true, role: 'viewer' },
      }),
    ).toBeNull();
    // Re-enabling a disabled admin, or promoting someone, never reduces the admins.
    expect(
      accessChangeRefusal({
        ...none,
        target: { ...admin, id: 'z', disabled: true },
        change: { disabled: false },
      }),
    ).toBeNull();
  });
});

describe('accessChangeActions', () => {
  it('writes one audit action per thing that changed', () => {
    expect(accessChangeActions(operator, { disabled: true, role: 'viewer' })).toEqual([
      { action: 'admin.user_disable', details: { id: 'o', email: 'o@x' } },
      {
        action: 'admin.user_role',
        details: { id: 'o', email: 'o@x', from: 'operator', to: 'viewer' },
      },
    ]);
    expect(accessChangeActions({ ...operator, disabled: true }, { disabled: false })).toEqual([
      { action: 'admin.user_enable', details: { id: 'o', email: 'o@x' } },
    ]);
    expect(accessChangeActions(operator, { disabled: false, role: 'operator' })).toEqual([]);
  });
});
