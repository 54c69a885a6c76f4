import { describe, expect, it } from 'vitest';
import { HIDDEN_ACTOR, visibleAudit } from './auditVisibility';

const entries = [
  { id: '2', action: 'auth.signin_failed', actor: 'typo@exmaple.com' },
  { id: '1', action: 'rollout.change', actor: 'ops@example.com' },
];

describe('audit entries a caller may read', () => {
  it('hide the attempted email of a failed sign-in from all but admins', () => {
    for (const role of ['viewer', 'operator'] as const) {
      expect(visibleAudit(entries, role).map((e) => e.actor)).toEqual([
        HIDDEN_ACTOR,
        'ops@example.com',
      ]);
    }
    expect(visibleAudit(entries, 'admin')).toEqual(entries);
  });
});
