import { describe, expect, it } from 'vitest';
import { ROLLOUT_STAGES, scoringMode, type RolloutStage } from './rollout';
import { judgeStageChange, stageProbe, unmetConditions } from './rolloutPlan';
import type { PromotionEligibility } from './slo/eligibility';

const eligibility = (
  currentStage: RolloutStage,
  over: Partial<PromotionEligibility> = {},
): PromotionEligibility => ({
  currentStage,
  eligible: false,
  next: null,
  requiredHours: null,
  metHours: 0,
  reason: `no observation requirement at ${currentStage}: only live stages are measured`,
  ...over,
});

const notYet = (stage: '0.1' | '0.5', next: RolloutStage, hours: number) =>
  eligibility(stage, {
    next,
    requiredHours: hours,
    metHours: 0.2,
    reason: `12 of ${hours * 60} passing minutes at ${stage}: ${hours * 60 - 12} more needed`,
  });

describe('judgeStageChange', () => {
  it('always allows lowering the stage, whatever eligibility says', () => {
    for (const current of ['preview', '0.1', '0.5', '1.0'] as const) {
      const verdict = judgeStageChange({
        current,
        target: 'off',
        eligibility: eligibility(current, { reason: 'anything' }),
      });
      expect(verdict).toMatchObject({ allowed: true, kind: 'rollback' });
    }
    expect(
      judgeStageChange({ current: '0.5', target: '0.1', eligibility: notYet('0.5', '1.0', 2) }),
    ).toMatchObject({ allowed: true, kind: 'rollback' });
  });

  it('lets off → preview and preview → 0.1 through without a watch period', () => {
    expect(
      judgeStageChange({ current: 'off', target: 'preview', eligibility: eligibility('off') }),
    ).toMatchObject({ allowed: true, kind: 'promotion' });
    const canary = judgeStageChange({
      current: 'preview',
      target: '0.1',
      eligibility: eligibility('preview'),
    });
    expect(canary).toMatchObject({ allowed: true, kind: 'promotion' });
    expect(canary.because).toContain('no watch period');
  });

  it('refuses a promotion that skips a stage, naming the next one', () => {
    const verdict = judgeStageChange({
      current: 'preview',
      target: '1.0',
      eligibility: eligibility('preview'),
    });
    expect(verdict).toMatchObject({ allowed: false, kind: 'promotion' });
    expect(verdict.because).toContain('next is 0.1');
  });

  it('holds a live stage until its watch period is met, with eligibility’s reason', () => {
    const held = judgeStageChange({
      current: '0.1',
      target: '0.5',
      eligibility: notYet('0.1', '0.5', 1),
    });
    expect(held).toEqual({
      allowed: false,
      kind: 'promotion',
      because: 'not eligible: 12 of 60 passing minutes at 0.1: 48 more needed',
    });
    const met = judgeStageChange({
      current: '0.5',
      target: '1.0',
      eligibility: eligibility('0.5', {
        eligible: true,
        next: '1.0',
        requiredHours: 2,
        metHours: 2,
        reason: '2 h at 0.5 with all gates passing: may be promoted to 1.0',
      }),
    });
    expect(met).toMatchObject({ allowed: true, kind: 'promotion' });
  });

  it('refuses when eligibility belongs to another stage than the current one', () => {
    const verdict = judgeStageChange({
      current: '0.1',
      target: '0.5',
      eligibility: eligibility('preview'),
    });
    expect(verdict.allowed).toBe(false);
    expect(verdict.because).toContain('computed at preview');
  });

  it('calls setting the current stage again a re-set', () => {
    expect(
      judgeStageChange({ current: 'off', target: 'off', eligibility: eligibility('off') }),
    ).toMatchObject({ allowed: true, kind: 'same' });
  });
});

describe('stageProbe', () => {
  it('picks a pair whose mode tells every stage from every other', () => {
    for (const from of ROLLOUT_STAGES) {
      for (const to of ROLLOUT_STAGES) {
        if (from === to) continue;
        const probe = stageProbe(from, to);
        expect(scoringMode(to, probe.symbol, probe.tf)).toBe(probe.expected);
        expect(scoringMode(from, probe.symbol, probe.tf)).not.toBe(probe.expected);
      }
    }
  });

  it('expects off for a rollback', () => {
    expect(stageProbe('1.0', 'off').expected).toBe('off');
  });
});

describe('unmetConditions', () => {
  it('lists nothing for an allowed change and every unmet condition for a refused one', () => {
    const none = { eligibility: eligibility('preview'), noSkillHold: null };
    expect(unmetConditions({ current: 'preview', target: '0.1', ...none })).toEqual([]);
    expect(
      unmetConditions({
        current: '0.5',
        target: 'off',
        ...none,
        eligibility: notYet('0.5', '1.0', 2),
      }),
    ).toEqual([]);
    expect(unmetConditions({ current: 'preview', target: '1.0', ...none })).toEqual([
      'preview → 1.0 skips a stage: promote one stage at a time (next is 0.1)',
    ]);
    const both = unmetConditions({
      current: '0.1',
      target: '0.5',
      eligibility: notYet('0.1', '0.5', 1),
      noSkillHold: 'no skill over the best baseline',
    });
    expect(both).toEqual([
      'not eligible: 12 of 60 passing minutes at 0.1: 48 more needed',
      'held by no-skill-12h: no skill over the best baseline',
    ]);
  });
});
