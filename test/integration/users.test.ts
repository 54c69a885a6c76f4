import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Role } from '@/lib/auth/roles';
import { api, type Caller } from '../support/api';
import { signIn } from '../support/session';
import { TEST_PASSWORD, TEST_USERS } from '../support/users';

// The user lifecycle: disable / enable, role, password reset (with the must-change flow), the
// last-admin and self-lockout guards, and everyone's own API tokens. Each test makes users of its
// own: the seeded viewer / operator / admin stay as every other suite expects them.
const admin = { kind: 'session', role: 'admin' } as const;
let pool: typeof import('@/lib/db/client').pool;
let seq = 0;

beforeAll(async () => {
  process.env.DATABASE_URL = inject('databaseUrl');
  ({ pool } = await import('@/lib/db/client'));
});

afterAll(async () => {
  await pool().end();
});

/** A fresh user with TEST_PASSWORD, signed in: their id, email and session cookie. */
async function freshUser(role: Role) {
  const email = `lifecycle-${role}-${Date.now()}-${seq++}@test.local`;
  const created = await api('/api/admin/users', {
    body: { email, name: email, role, password: TEST_PASSWORD },
    as: admin,
  });
  expect(created.status).toBe(201);
  const session = await signIn(inject('baseUrl'), email, TEST_PASSWORD);
  expect(session.cookie).not.toBeNull();
  return { id: created.body.user.id, email, cookie: session.cookie! };
}

/** A request carrying this session cookie. */
const withCookie = <const I extends { method?: string; body?: unknown }>(
  cookie: string,
  init: I = {} as I,
) => ({ ...init, headers: { cookie } });

async function ownToken(cookie: string, scopes: string[]) {
  const created = await api('/api/me/tokens', {
    ...withCookie(cookie, { body: { name: `own-${seq++}`, scopes } }),
  });
  expect(created.status).toBe(201);
  return {
    id: created.body.token.id,
    caller: { kind: 'bearer', token: created.body.secret } as Caller,
  };
}

const patchUser = (id: string, body: unknown, as: Caller = admin) =>
  api(`/api/admin/users/${id}`, { method: 'PATCH', body, as });

/** Audit entries about a user id (details.id), by an independent query. */
async function auditFor(id: string) {
  const { rows } = await pool().query<{
    action: string;
    actor: string;
    details: Record<string, unknown>;
  }>(`SELECT action, actor, details FROM audit_log WHERE details->>'id' = $1 ORDER BY id`, [id]);
  return rows;
}

async function userRow(id: string) {
  const { rows } = await pool().query(
    `SELECT role, disabled_at, must_change_password, session_version FROM users WHERE id = $1`,
    [id],
  );
  return rows[0];
}

describe('disable and re-enable', () => {
  it("stops the user's session and tokens on the next request, and restores both", async () => {
    const user = await freshUser('viewer');
    const token = await ownToken(user.cookie, ['read']);
    expect((await api('/api/instruments', withCookie(user.cookie))).status).toBe(200);
    expect((await api('/api/instruments', { as: token.caller })).status).toBe(200);

    const disabled = await patchUser(user.id, { disabled: true });
    expect(disabled.status).toBe(200);
    expect(disabled.body.user.disabledAt).toEqual(expect.any(String));

    const data = await api('/api/instruments', withCookie(user.cookie));
    expect(data.status).toBe(401);
    expect(data.body._err).toBe('auth');
    expect((await api('/api/instruments', { as: token.caller })).status).toBe(401);
    // Pages send the open session to sign-in, and sign-in shows its form (no redirect loop).
    const page = await api('/predictions', withCookie(user.cookie));
    expect(page.status).toBe(307);
    expect(page.headers.get('location')).toContain('/signin');
    expect((await api('/signin', withCookie(user.cookie))).status).toBe(200);
    // Nor can they sign in again.
    expect((await signIn(inject('baseUrl'), user.email, TEST_PASSWORD)).cookie).toBeNull();

    const enabled = await patchUser(user.id, { disabled: false });
    expect(enabled.status).toBe(200);
    expect(enabled.body.user.disabledAt).toBeNull();
    expect((await api('/api/instruments', withCookie(user.cookie))).status).toBe(200);
    expect((await api('/api/instruments', { as: token.caller })).status).toBe(200);

    expect((await auditFor(user.id)).map((e) => [e.action, e.actor])).toEqual([
      ['admin.user_disable', TEST_USERS.admin],
      ['admin.user_enable', TEST_USERS.admin],
    ]);
  });

  it('writes no audit entry for a change that changes nothing', async () => {
    const user = await freshUser('viewer');
    expect((await patchUser(user.id, { disabled: false, role: 'viewer' })).status).toBe(200);
    expect(await auditFor(user.id)).toEqual([]);
  });
});

describe('role change', () => {
  it("takes effect on the user's next request, for their session and their tokens", async () => {
    const user = await freshUser('operator');
    const token = await ownToken(user.cookie, ['read', 'operate']);
    // An operator passes the role check of POST /api/rollout (the empty body is then refused).
    const operate = async (as: Caller | { cookie: string }) =>
      (
        await api('/api/rollout', {
          body: {},
          ...('cookie' in as ? { headers: { cookie: as.cookie } } : { as }),
        })
      ).status;
    expect(await operate({ cookie: user.cookie })).toBe(400);
    expect(await operate(token.caller)).toBe(400);

    const demoted = await patchUser(user.id, { role: 'viewer' });
    expect(demoted.status).toBe(200);
    expect(demoted.body.user.role).toBe('viewer');
    expect(await operate({ cookie: user.cookie })).toBe(403);
    // The token keeps its scopes on record but acts only within its owner's current role.
    expect(await operate(token.caller)).toBe(403);
    expect((await api('/api/instruments', { as: token.caller })).status).toBe(200);

    expect((await patchUser(user.id, { role: 'operator' })).status).toBe(200);
    expect(await operate({ cookie: user.cookie })).toBe(400);
    expect(await operate(token.caller)).toBe(400);
    expect((await auditFor(user.id)).map((e) => [e.action, e.details.from, e.details.to])).toEqual([
      ['admin.user_role', 'operator', 'viewer'],
      ['admin.user_role', 'viewer', 'operator'],
    ]);
  });
});

describe('admins cannot lock the team or themselves out', () => {
  it('refuses to disable or demote the last active admin (409 naming the field), changing nothing', async () => {
    // Admins another suite may have added are set aside for this test, so the seeded one is last.
    const { rows: others } = await pool().query<{ id: string }>(
      `SELECT id::text FROM users WHERE role = 'admin' AND disabled_at IS NULL AND email <> $1`,
      [TEST_USERS.admin],
    );
    for (const other of others)
      expect((await patchUser(other.id, { disabled: true })).status).toBe(200);
    const me = (await api('/api/admin/users', { as: admin })).body.users.find(
      (u) => u.email === TEST_USERS.admin,
    )!;
    const before = await userRow(me.id);
    for (const [body, field] of [
      [{ role: 'operator' }, 'role'],
      [{ disabled: true }, 'disabled'],
    ] as const) {
      const refused = await patchUser(me.id, body);
      expect(refused.status).toBe(409);
      expect(refused.body._err).toBe(field);
      expect(refused.body.message).toContain('last active admin');
    }
    expect(await userRow(me.id)).toEqual(before);
    expect(await auditFor(me.id)).toEqual([]);
    for (const other of others) await patchUser(other.id, { disabled: false });
  });

  it('refuses an admin disabling or demoting themself while other admins exist', async () => {
    const second = await freshUser('admin');
    const asSecond = (body: unknown) =>
      api(`/api/admin/users/${second.id}`, {
        method: 'PATCH',
        ...withCookie(second.cookie, { body }),
      });
    const disable = await asSecond({ disabled: true });
    expect([disable.status, disable.body._err]).toEqual([409, 'disabled']);
    expect(disable.body.message).toContain('yourself');
    const demote = await asSecond({ role: 'viewer' });
    expect([demote.status, demote.body._err]).toEqual([409, 'role']);
    // Another admin may: the seeded admin demotes the second one, who loses admin at once.
    expect((await patchUser(second.id, { role: 'viewer' })).status).toBe(200);
    expect((await api('/api/admin/users', withCookie(second.cookie))).status).toBe(403);
    expect((await auditFor(second.id)).map((e) => e.action)).toEqual(['admin.user_role']);
  });
});

describe('password reset', () => {
  it('ends the sessions, opens with the new password only, and asks for a new one first', async () => {
    const user = await freshUser('viewer');
    const reset = await api(`/api/admin/users/${user.id}/reset-password`, { body: {}, as: admin });
    expect(reset.status).toBe(200);
    expect(reset.body.password).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(reset.body.user.mustChangePassword).toBe(true);

    expect((await api('/api/instruments', withCookie(user.cookie))).status).toBe(401);
    expect((await signIn(inject('baseUrl'), user.email, TEST_PASSWORD)).cookie).toBeNull();
    const temporary = await signIn(inject('baseUrl'), user.email, reset.body.password);
    expect(temporary.cookie).not.toBeNull();
    // Until they choose a password, the data is closed and every page leads to /set-password.
    const data = await api('/api/instruments', withCookie(temporary.cookie!));
    expect([data.status, data.body._err]).toEqual([403, 'password']);
    const page = await api('/', withCookie(temporary.cookie!));
    expect(page.status).toBe(307);
    expect(page.headers.get('location')).toContain('/set-password');
    expect((await api('/set-password', withCookie(temporary.cookie!))).status).toBe(200);

    const chosen = 'a password only I know';
    const change = await api('/api/me/password', {
      ...withCookie(temporary.cookie!, {
        body: { currentPassword: reset.body.password, newPassword: chosen },
      }),
    });
    expect(change.status).toBe(200);
    // The change ends the sessions from before it too; the new password signs in.
    expect((await api('/api/instruments', withCookie(temporary.cookie!))).status).toBe(401);
    expect((await signIn(inject('baseUrl'), user.email, reset.body.password)).cookie).toBeNull();
    const fresh = await signIn(inject('baseUrl'), user.email, chosen);
    expect((await api('/api/instruments', withCookie(fresh.cookie!))).status).toBe(200);
    expect(await userRow(user.id)).toMatchObject({
      must_change_password: false,
      session_version: 2,
    });

    const audit = await auditFor(user.id);
    expect(audit.map((e) => [e.action, e.actor])).toEqual([
      ['admin.user_password_reset', TEST_USERS.admin],
      ['account.password_change', user.email],
    ]);
    // The passwords themselves are never written down.
    expect(JSON.stringify(audit)).not.toContain(reset.body.password);
  });

  it('with mustChange false, the generated password opens the account at once', async () => {
    const user = await freshUser('operator');
    const reset = await api(`/api/admin/users/${user.id}/reset-password`, {
      body: { mustChange: false },
      as: admin,
    });
    expect(reset.body.user.mustChangePassword).toBe(false);
    const session = await signIn(inject('baseUrl'), user.email, reset.body.password);
    expect((await api('/api/instruments', withCookie(session.cookie!))).status).toBe(200);
  });
});

describe('own API tokens', () => {
  it('are listed, created within the role and revoked by their owner only', async () => {
    const owner = await freshUser('viewer');
    const other = await freshUser('operator');
    const token = await ownToken(owner.cookie, ['read']);

    const mine = await api('/api/me/tokens', withCookie(owner.cookie));
    expect(mine.body.tokens.map((t) => t.id)).toEqual([token.id]);
    expect(JSON.stringify(mine.body)).not.toContain('tokenHash');
    const theirs = await api('/api/me/tokens', withCookie(other.cookie));
    expect(theirs.body.tokens.map((t) => t.id)).not.toContain(token.id);

    // Another user's token is none of theirs: 404, and it keeps working.
    const foreign = await api(
      `/api/me/tokens/${token.id}`,
      withCookie(other.cookie, { method: 'DELETE' }),
    );
    expect([foreign.status, foreign.body._err]).toEqual([404, 'id']);
    expect((await api('/api/instruments', { as: token.caller })).status).toBe(200);

    const revoked = await api(
      `/api/me/tokens/${token.id}`,
      withCookie(owner.cookie, { method: 'DELETE' }),
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.token.revokedAt).toEqual(expect.any(String));
    expect((await api('/api/instruments', { as: token.caller })).status).toBe(401);
    // Revoking again answers the same and audits nothing more.
    expect(
      (await api(`/api/me/tokens/${token.id}`, withCookie(owner.cookie, { method: 'DELETE' })))
        .status,
    ).toBe(200);
    expect((await auditFor(token.id)).map((e) => [e.action, e.actor])).toEqual([
      ['account.token_create', owner.email],
      ['account.token_revoke', owner.email],
    ]);

    // A viewer holds read only; an operator may hold operate.
    const beyond = await api('/api/me/tokens', {
      ...withCookie(owner.cookie, { body: { name: 'too much', scopes: ['read', 'operate'] } }),
    });
    expect([beyond.status, beyond.body._err]).toEqual([403, 'scopes']);
    await ownToken(other.cookie, ['operate', 'score']);
  });

  it('are managed by signed-in users only, not by tokens', async () => {
    const user = await freshUser('operator');
    const token = await ownToken(user.cookie, ['read', 'operate']);
    for (const [method, path, body] of [
      ['GET', '/api/me/tokens', undefined],
      ['POST', '/api/me/tokens', { name: 'x', scopes: ['read'] }],
      ['DELETE', `/api/me/tokens/${token.id}`, undefined],
      ['POST', '/api/me/password', { currentPassword: TEST_PASSWORD, newPassword: 'x'.repeat(12) }],
    ] as const) {
      const refused = await api(path, { method, body, as: token.caller });
      expect([refused.status, refused.body._err], `${method} ${path}`).toEqual([403, 'auth']);
      expect((await api(path, { method, body })).status, `${method} ${path} anonymous`).toBe(401);
    }
  });
});

describe('who may change users', () => {
  it('refuses viewers, operators, tokens and anonymous callers on the admin routes', async () => {
    const target = await freshUser('viewer');
    const operateToken = await ownToken((await freshUser('operator')).cookie, ['read', 'operate']);
    const callers: [Caller, number][] = [
      [{ kind: 'anonymous' }, 401],
      [{ kind: 'session', role: 'viewer' }, 403],
      [{ kind: 'session', role: 'operator' }, 403],
      [{ kind: 'internal' }, 403],
      [operateToken.caller, 403],
    ];
    for (const [as, status] of callers) {
      const patch = await patchUser(target.id, { disabled: true }, as);
      expect([patch.status, patch.body._err], as.kind).toEqual([status, 'auth']);
      const reset = await api(`/api/admin/users/${target.id}/reset-password`, { body: {}, as });
      expect([reset.status, reset.body._err], as.kind).toEqual([status, 'auth']);
    }
    expect(await userRow(target.id)).toMatchObject({ disabled_at: null, session_version: 0 });
    expect(await auditFor(target.id)).toEqual([]);
  });

  it('refuses bad input with a 4xx naming the field, changing nothing', async () => {
    const target = await freshUser('viewer');
    const cases: [string, string, unknown, number, string][] = [
      ['PATCH', `/api/admin/users/${target.id}`, {}, 400, 'body'],
      ['PATCH', `/api/admin/users/${target.id}`, { role: 'root' }, 400, 'role'],
      ['PATCH', `/api/admin/users/${target.id}`, { disabled: 'yes' }, 400, 'disabled'],
      ['PATCH', '/api/admin/users/not-a-uuid', { disabled: true }, 400, 'id'],
      [
        'PATCH',
        '/api/admin/users/00000000-0000-4000-8000-000000000000',
        { disabled: true },
        404,
        'id',
      ],
      [
        'POST',
        `/api/admin/users/${target.id}/reset-password`,
        { mustChange: 'yes' },
        400,
        'mustChange',
      ],
      [
        'POST',
        '/api/admin/users/00000000-0000-4000-8000-000000000000/reset-password',
        {},
        404,
        'id',
      ],
      ['POST', '/api/me/tokens', { name: '', scopes: ['read'] }, 400, 'name'],
      ['DELETE', '/api/me/tokens/not-a-uuid', undefined, 400, 'id'],
    ];
    for (const [method, path, body, status, field] of cases) {
      const refused = await api(path, { method, body, as: admin });
      expect(
        [refused.status, refused.body._err],
        `${method} ${path} ${JSON.stringify(body)}`,
      ).toEqual([status, field]);
    }
    const password = (body: unknown) =>
      api('/api/me/password', withCookie(target.cookie, { body }));
    expect(
      (await password({ currentPassword: TEST_PASSWORD, newPassword: 'short' })).body._err,
    ).toBe('newPassword');
    expect(
      (await password({ currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD })).body._err,
    ).toBe('newPassword');
    const wrong = await password({
      currentPassword: 'not my password',
      newPassword: 'x'.repeat(12),
    });
    expect([wrong.status, wrong.body._err]).toEqual([400, 'currentPassword']);
    expect(await userRow(target.id)).toMatchObject({ disabled_at: null, session_version: 0 });
    expect(await auditFor(target.id)).toEqual([]);
  });
});
