import { describe, expect, it } from 'vitest';
import { adviceLabel, detailsSummary, scoreDetails } from './auditFormat';

const score = {
  requestId: 'r1',
  symbol: 'SPX',
  tf: '1d',
  decision: 1,
  confid: 0.6207,
  ml_bucket: 0.6,
  guardrails: { status: 'pass', advisory: false },
  advisory: true,
  mode: 'preview',
};

describe('audit details', () => {
  it("reads an ml.score entry's decision, confidence, bucket and guardrails", () => {
    expect(scoreDetails(score)).toEqual({
      symbol: 'SPX',
      tf: '1d',
      decision: 1,
      confid: 0.6207,
      mlBucket: 0.6,
      guardrails: 'pass',
      advisory: true,
      mode: 'preview',
    });
    expect(adviceLabel(scoreDetails(score))).toBe('advisory (preview)');
    expect(adviceLabel(scoreDetails({ ...score, advisory: false, mode: 'live' }))).toBe('live');
    expect(detailsSummary('ml.score', score)).toBe(
      'SPX 1d · +1 long · confid 0.621 · guardrails pass · advisory (preview)',
    );
  });

  it('survives details of any shape', () => {
    expect(scoreDetails(null).symbol).toBeNull();
    expect(scoreDetails([1, 2]).decision).toBeNull();
    expect(scoreDetails({ confid: 'high', guardrails: 3 })).toMatchObject({
      confid: null,
      guardrails: null,
    });
    expect(detailsSummary('auth.signin', {})).toBe('—');
    expect(detailsSummary('x', [1, 2, 3])).toBe('3 items');
    expect(
      detailsSummary('rollout.change', { from: 'preview', to: '0.1', reason: 'x'.repeat(50) }),
    ).toBe(`from: preview · to: 0.1 · reason: ${'x'.repeat(39)}…`);
    expect(detailsSummary('x', { a: 1, b: { c: 2 }, c: null, d: true, e: 5 })).toBe(
      'a: 1 · b: … · c: null · d: true · …',
    );
  });
});
