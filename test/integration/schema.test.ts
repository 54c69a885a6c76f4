import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { Prisma, PrismaClient } from '@/lib/db/generated/prisma/client';
import { migrate } from '@/lib/db/migrate';
import { startTestDatabase, type TestDatabase } from '../support/testDatabase';

let database: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  database = await startTestDatabase({ migrate: false });
  prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
});

afterAll(async () => {
  await prisma?.$disconnect();
  await database?.destroy();
});

describe('migrations', () => {
  it('apply from empty, concurrently from several processes, exactly once', async () => {
    const results = await Promise.all([1, 2, 3].map(() => migrate(database.url)));
    const applied = results.flatMap((r) => r.applied);
    expect(applied.length).toBeGreaterThan(0);
    expect(new Set(applied).size).toBe(applied.length);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query('SELECT migration_name FROM _prisma_migrations');
    await client.end();
    expect(rows.map((r) => r.migration_name).sort()).toEqual([...applied].sort());
    expect((await migrate(database.url)).applied).toEqual([]);
  });
});

const SAMPLE_TIME = new Date('2024-03-31T01:30:00.123Z');

// One fixture per Prisma model; the test below fails when a model is added without one.
const FIXTURES: Record<Prisma.ModelName, () => Promise<{ written: object; read: unknown }>> = {
  User: async () => {
    const written = {
      id: '5d3c8e32-7a8b-4c1e-9f51-0c9d1c2b3a41',
      email: 'roundtrip@test.local',
      name: 'Round Trip',
      passwordHash: 'scrypt$1$1$1$salt$key',
      role: 'operator' as const,
      createdAt: SAMPLE_TIME,
      disabledAt: SAMPLE_TIME,
    };
    await prisma.user.create({ data: written });
    return { written, read: await prisma.user.findUnique({ where: { id: written.id } }) };
  },
  ApiToken: async () => {
    const written = {
      id: '6e4d9f43-8b9c-4d2f-8a62-1d0e2d3c4b52',
      name: 'rt',
      tokenHash: 'a'.repeat(64),
      prefix: 'fo_abcdefg',
      scopes: ['read', 'score'],
      createdById: '5d3c8e32-7a8b-4c1e-9f51-0c9d1c2b3a41',
      createdAt: SAMPLE_TIME,
      lastUsedAt: SAMPLE_TIME,
      revokedAt: SAMPLE_TIME,
    };
    await prisma.apiToken.create({ data: written });
    return { written, read: await prisma.apiToken.findUnique({ where: { id: written.id } }) };
  },
  Instrument: async () => {
    const written = {
      symbol: 'RT.IS',
      name: 'Round trip',
      exchangeTz: 'Europe/Istanbul',
      active: false,
      createdAt: SAMPLE_TIME,
      horizons: ['15m', '1h', '4h'],
    };
    await prisma.instrument.create({ data: written });
    return { written, read: await prisma.instrument.findUnique({ where: { symbol: 'RT.IS' } }) };
  },
  Candle: async () => {
    const written = {
      symbol: 'RT.IS',
      tf: '15m',
      ts: SAMPLE_TIME,
      o: 1.5,
      h: 2.25,
      l: 1e-9,
      c: 2,
      v: 0,
      source: 'test',
    };
    await prisma.candle.create({ data: written });
    const read = await prisma.candle.findUnique({
      where: { symbol_tf_ts: { symbol: 'RT.IS', tf: '15m', ts: SAMPLE_TIME } },
    });
    return { written, read };
  },
  AuditLog: async () => {
    const written = {
      ts: SAMPLE_TIME,
      action: 'test.roundtrip',
      actor: 'tester',
      details: { a: [1, 'x', null], b: { c: true } },
    };
    const { id } = await prisma.auditLog.create({ data: written });
    return {
      written: { id, ...written },
      read: await prisma.auditLog.findUnique({ where: { id } }),
    };
  },
  ModelVersion: async () => {
    const written = {
      id: 'fusion-test-rt',
      featureVersion: 'v2.0.0',
      weightRsi: 0.1,
      weightMacd: 0.2,
      weightTrend: 0.7,
      threshold: 0.56,
      liveThreshold: 0.66,
      status: 'candidate' as const,
      createdAt: SAMPLE_TIME,
      activatedAt: SAMPLE_TIME,
      notes: 'round trip',
    };
    await prisma.modelVersion.create({ data: written });
    return { written, read: await prisma.modelVersion.findUnique({ where: { id: written.id } }) };
  },
  RolloutState: async () => {
    const written = {
      id: 1,
      stage: '0.5',
      updatedAt: SAMPLE_TIME,
      updatedBy: 'tester',
      reason: 'rt',
      envStage: 'unset',
    };
    await prisma.rolloutState.create({ data: written });
    return { written, read: await prisma.rolloutState.findUnique({ where: { id: 1 } }) };
  },
  ScoreEvent: async () => {
    const written = {
      ts: SAMPLE_TIME,
      requestId: '7f5e0a54-9cad-4e3f-9b73-2e1f3e4d5c63',
      symbol: 'RT.IS',
      tf: '1h',
      status: 200,
      latencyMs: 12.5,
      decision: -1,
      confid: 0.625,
      mode: 'live',
      modelId: 'fusion-v2.0.0',
      staleness: 3.5,
    };
    const { id } = await prisma.scoreEvent.create({ data: written });
    return {
      written: { id, ...written },
      read: await prisma.scoreEvent.findUnique({ where: { id } }),
    };
  },
  FeedStatus: async () => {
    const written = {
      symbol: 'RT.IS',
      tf: '1m',
      source: 'replay',
      lastSuccessAt: SAMPLE_TIME,
      lastError: 'timeout',
      lastErrorAt: SAMPLE_TIME,
    };
    await prisma.feedStatus.create({ data: written });
    const read = await prisma.feedStatus.findUnique({
      where: { symbol_tf: { symbol: 'RT.IS', tf: '1m' } },
    });
    return { written, read };
  },
  AutomationState: async () => {
    const written = {
      id: 1,
      desired: 'stopped',
      updatedAt: SAMPLE_TIME,
      updatedBy: 'tester',
      intervalSeconds: 60,
      cycleCount: 7,
      lastCycleAt: SAMPLE_TIME,
      lastCycleSlot: SAMPLE_TIME,
      lastError: 'boom',
      lastErrorAt: SAMPLE_TIME,
    };
    await prisma.automationState.create({ data: written });
    return { written, read: await prisma.automationState.findUnique({ where: { id: 1 } }) };
  },
  AutomationLeader: async () => {
    const written = { id: 1, instance: 'host:1:ab', since: SAMPLE_TIME, heartbeatAt: SAMPLE_TIME };
    await prisma.automationLeader.create({ data: written });
    return { written, read: await prisma.automationLeader.findUnique({ where: { id: 1 } }) };
  },
  AutomationCycle: async () => {
    const written = {
      slot: SAMPLE_TIME,
      instance: 'host:1:ab',
      startedAt: SAMPLE_TIME,
      finishedAt: SAMPLE_TIME,
      predictions: 25,
      scored: 5,
      unchanged: 7,
      emptySymbols: ['A/1d', 'B/1m'],
      error: null,
      backfilled: true,
    };
    await prisma.automationCycle.create({ data: written });
    return {
      written,
      read: await prisma.automationCycle.findUnique({ where: { slot: SAMPLE_TIME } }),
    };
  },
  Prediction: async () => {
    const written = {
      symbol: 'RT.IS',
      tf: '1d',
      horizon: '3d',
      cycleSlot: SAMPLE_TIME,
      ts: SAMPLE_TIME,
      maturesAt: SAMPLE_TIME,
      modelId: 'fusion-v2.0.0',
      entryClose: 101.25,
      score: -0.25,
      rawConfidence: 0.625,
      confid: 0.6,
      decision: -1,
      mlBucket: 0.6,
      partRsi: 0.5,
      partMacd: -0.75,
      partTrend: -0.125,
      calibrationId: 42n,
      backfilled: true,
      createdAt: SAMPLE_TIME,
    };
    const { id } = await prisma.prediction.create({ data: written });
    return {
      written: { id, ...written },
      read: await prisma.prediction.findUnique({ where: { id } }),
    };
  },
  Outcome: async () => {
    const { id: predictionId } = await prisma.prediction.findFirstOrThrow({
      where: { symbol: 'RT.IS' },
    });
    const written = {
      predictionId,
      closeUsed: 99.5,
      closeTs: SAMPLE_TIME,
      realizedReturn: -0.0172839506,
      hit: true,
      filledAt: SAMPLE_TIME,
    };
    await prisma.outcome.create({ data: written });
    return { written, read: await prisma.outcome.findUnique({ where: { predictionId } }) };
  },
  MetricSnapshot: async () => {
    const written = {
      modelId: 'fusion-v2.0.0',
      horizon: '1d',
      bucket: '0.6',
      window: '30d',
      computedAt: SAMPLE_TIME,
      n: 200,
      nDecisions: 150,
      hitRate: 0.61,
      ir: 1.2,
      brier: 0.23,
      ece: 0.04,
      meanConfid: null,
    };
    await prisma.metricSnapshot.create({ data: written });
    const read = await prisma.metricSnapshot.findUnique({
      where: {
        modelId_horizon_bucket_window: {
          modelId: 'fusion-v2.0.0',
          horizon: '1d',
          bucket: '0.6',
          window: '30d',
        },
      },
    });
    return { written, read };
  },
  CalibrationMapRow: async () => {
    const written = {
      modelId: 'fusion-v2.0.0',
      horizon: '1d',
      version: 3,
      createdAt: SAMPLE_TIME,
      nPairs: 150,
      x: [0.5, 0.75, 1],
      y: [0.4, 0.6, 0.9],
      checksum: 'c'.repeat(64),
    };
    const { id } = await prisma.calibrationMapRow.create({ data: written });
    return {
      written: { id, ...written },
      read: await prisma.calibrationMapRow.findUnique({ where: { id } }),
    };
  },
  CalibrationRun: async () => {
    const written = {
      modelId: 'fusion-v2.0.0',
      horizon: '1d',
      ranAt: SAMPLE_TIME,
      nPairs: 149,
      usedPrev: true,
      calibrationId: null,
    };
    const { id } = await prisma.calibrationRun.create({ data: written });
    return {
      written: { id, ...written },
      read: await prisma.calibrationRun.findUnique({ where: { id } }),
    };
  },
  SloMinute: async () => {
    const written = {
      minute: SAMPLE_TIME,
      count: 60,
      errors: 1,
      latency: [1, 2, 3, 0, 54],
      confid: [0, 10, 50],
      maxStaleness: 12.5,
    };
    await prisma.sloMinute.create({ data: written });
    return { written, read: await prisma.sloMinute.findUnique({ where: { minute: SAMPLE_TIME } }) };
  },
  SloHour: async () => {
    const written = {
      hour: SAMPLE_TIME,
      count: 3600,
      errors: 2,
      latency: [3000, 600],
      confid: [1],
      maxStaleness: null,
    };
    await prisma.sloHour.create({ data: written });
    return { written, read: await prisma.sloHour.findUnique({ where: { hour: SAMPLE_TIME } }) };
  },
  Breach: async () => {
    const written = {
      ts: SAMPLE_TIME,
      rule: 'p95-15m',
      severity: 'major',
      window: '15m',
      observed: { p95: 1600 },
      stageBefore: '0.5',
      stageAfter: 'preview',
      action: 'preview',
      pausedLive: true,
      acknowledgedAt: SAMPLE_TIME,
      acknowledgedBy: 'op@test',
      endedAt: SAMPLE_TIME,
    };
    const { id } = await prisma.breach.create({ data: written });
    return { written: { id, ...written }, read: await prisma.breach.findUnique({ where: { id } }) };
  },
  RolloutChange: async () => {
    const written = { ts: SAMPLE_TIME, from: '0.1', to: '0.5', actor: 'op@test', reason: 'rt' };
    const { id } = await prisma.rolloutChange.create({ data: written });
    return {
      written: { id, ...written },
      read: await prisma.rolloutChange.findUnique({ where: { id } }),
    };
  },
  RateLimit: async () => {
    const written = { key: 'rt:key', points: 3, expire: 1_900_000_000_000n };
    await prisma.rateLimit.create({ data: written });
    return { written, read: await prisma.rateLimit.findUnique({ where: { key: 'rt:key' } }) };
  },
};

describe('every Prisma model round-trips through the migrated database', () => {
  it('has a fixture for every model', () => {
    expect(Object.keys(FIXTURES).sort()).toEqual(Object.values(Prisma.ModelName).sort());
  });

  for (const model of Object.keys(FIXTURES) as Prisma.ModelName[]) {
    it(model, async () => {
      const { written, read } = await FIXTURES[model]();
      expect(read).toEqual(written);
    });
  }

  it('keeps the audit log append-only', async () => {
    await expect(prisma.auditLog.updateMany({ data: { actor: 'someone else' } })).rejects.toThrow(
      /append-only/,
    );
    await expect(prisma.auditLog.deleteMany({})).rejects.toThrow(/append-only/);
  });

  it('allows at most one active model version', async () => {
    await expect(
      prisma.modelVersion.update({ where: { id: 'fusion-test-rt' }, data: { status: 'active' } }),
    ).rejects.toThrow();
  });

  it('refuses an impossible candle even when written past the validators', async () => {
    await expect(
      prisma.candle.create({
        data: {
          symbol: 'RT.IS',
          tf: '1d',
          ts: SAMPLE_TIME,
          o: 1,
          h: 1,
          l: 2,
          c: 1,
          v: 0,
          source: 'test',
        },
      }),
    ).rejects.toThrow();
  });
});
