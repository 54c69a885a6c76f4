import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
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
      mustChangePassword: true,
      sessionVersion: 3,
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
      builtIn: 'roundtrip',
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
      sdRsi: 0.125,
      sdMacd: 0.25,
      sdTrend: 0.0625,
      windowFrom: SAMPLE_TIME,
      windowTo: SAMPLE_TIME,
      evidence: { n: 1226, perHorizon: { '1d': 250 } },
      retiredAt: null,
    };
    await prisma.modelVersion.create({ data: written });
    return { written, read: await prisma.modelVersion.findUnique({ where: { id: written.id } }) };
  },
  ShadowPrediction: async () => {
    const written = {
      modelId: 'fusion-test-rt',
      symbol: 'RT.IS',
      tf: '1d',
      ts: SAMPLE_TIME,
      horizon: '3d',
      cycleSlot: SAMPLE_TIME,
      score: -0.25,
      rawConfidence: 0.625,
      confid: 0.61,
      decision: -1,
      mlBucket: 0.6,
      backfilled: true,
      createdAt: SAMPLE_TIME,
    };
    const { id } = await prisma.shadowPrediction.create({ data: written });
    return {
      written: { id, ...written },
      read: await prisma.shadowPrediction.findUnique({ where: { id } }),
    };
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
  ThresholdState: async () => {
    const written = { id: 1, step: 0.6, since: SAMPLE_TIME, updatedBy: 'tester', reason: 'rt' };
    await prisma.thresholdState.create({ data: written });
    return { written, read: await prisma.thresholdState.findUnique({ where: { id: 1 } }) };
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
  InstrumentFeed: async () => {
    const written = {
      symbol: 'RT.IS',
      tf: '1h',
      source: 'http',
      horizons: ['4h', '1d'],
      baseUrl: 'https://klines.example',
      remoteSymbol: 'RTIS',
      pollSeconds: 30,
      historyLimit: 500,
      backfillState: 'running',
      backfillStage: 'predictions',
      backfillDone: 10,
      backfillTotal: 500,
      backfillError: 'timeout',
      backfillAt: SAMPLE_TIME,
      createdAt: SAMPLE_TIME,
      updatedAt: SAMPLE_TIME,
    };
    await prisma.instrumentFeed.create({ data: written });
    const read = await prisma.instrumentFeed.findUnique({
      where: { symbol_tf: { symbol: 'RT.IS', tf: '1h' } },
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
      backfilled: false,
      mode: 'live',
      liveDecision: 0,
      createdAt: SAMPLE_TIME,
    };
    const { id } = await prisma.prediction.create({ data: written });
    return {
      written: { id, ...written },
      read: await prisma.prediction.findUnique({ where: { id } }),
    };
  },
  Outcome: async () => {
    const prediction = await prisma.prediction.findFirstOrThrow({ where: { symbol: 'RT.IS' } });
    const predictionId = prediction.id;
    const written = {
      predictionId,
      closeUsed: 99.5,
      closeTs: SAMPLE_TIME,
      realizedReturn: -0.0172839506,
      hit: true,
      filledAt: SAMPLE_TIME,
      modelId: prediction.modelId,
      tf: prediction.tf,
      horizon: prediction.horizon,
      ts: prediction.ts,
      rawConfidence: prediction.rawConfidence,
      confid: prediction.confid,
      decision: prediction.decision,
      prevReturn: 0.0125,
      prevModelDirection: -1,
      mode: prediction.mode,
      liveDecision: prediction.liveDecision,
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
      baselines: { alwaysLong: { n: 150, hitRate: 0.55, ir: 0.4, brier: 0.2475 } },
      skill: { hitRate: null, brierSkillScore: -0.01 },
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
  OutcomeStatDay: async () => {
    const written = {
      modelId: 'fusion-test-rt',
      tfFamily: 'intraday',
      horizon: '15m',
      bucket: 7,
      day: new Date('2024-03-31T00:00:00.000Z'),
      n: 12,
      nDecisions: 9,
      hits: 7,
      decisionHits: 5,
      sumReturn: new Prisma.Decimal('-0.012345678901234567'),
      sumReturnSq: new Prisma.Decimal('0.000152415787532388367504953515'),
      sumBrier: new Prisma.Decimal('2.5'),
      sumConfid: new Prisma.Decimal('8.75'),
      longHits: 6,
      shortHits: 3,
      marketSumReturn: new Prisma.Decimal('0.004'),
      momentumN: 8,
      momentumHits: 5,
      momentumSumReturn: new Prisma.Decimal('-0.000000000000000000000000000001'),
      momentumSumReturnSq: new Prisma.Decimal('0.0001'),
      prevModelN: 4,
      prevModelHits: 2,
      prevModelSumReturn: new Prisma.Decimal('0.01'),
      prevModelSumReturnSq: new Prisma.Decimal('0.00005'),
      sharedDecisionHits: 3,
      sharedSumReturn: new Prisma.Decimal('0.02'),
      sharedSumReturnSq: new Prisma.Decimal('0.0002'),
    };
    await prisma.outcomeStatDay.create({ data: written });
    const { day, ...key } = written;
    const read = await prisma.outcomeStatDay.findUnique({
      where: {
        modelId_tfFamily_horizon_bucket_day: {
          modelId: key.modelId,
          tfFamily: key.tfFamily,
          horizon: key.horizon,
          bucket: key.bucket,
          day,
        },
      },
    });
    return { written, read };
  },
  OutcomeStatTotal: async () => {
    const written = {
      modelId: 'fusion-test-rt',
      tfFamily: 'daily',
      horizon: '30d',
      bucket: 10,
      n: 3_000_000_000n,
      nDecisions: 2_000_000_000n,
      hits: 1_500_000_000n,
      decisionHits: 1_000_000_000n,
      sumReturn: new Prisma.Decimal('123456.000000000000000000000001'),
      sumReturnSq: new Prisma.Decimal('0'),
      sumBrier: new Prisma.Decimal('750000000.125'),
      sumConfid: new Prisma.Decimal('2999999999.5'),
      longHits: 1_200_000_000n,
      shortHits: 700_000_000n,
      marketSumReturn: new Prisma.Decimal('0.004'),
      momentumN: 1_900_000_000n,
      momentumHits: 1_000_000_001n,
      momentumSumReturn: new Prisma.Decimal('-0.000000000000000000000000000001'),
      momentumSumReturnSq: new Prisma.Decimal('0.0001'),
      prevModelN: 2_000_000_000n,
      prevModelHits: 900_000_000n,
      prevModelSumReturn: new Prisma.Decimal('0.01'),
      prevModelSumReturnSq: new Prisma.Decimal('0.00005'),
      sharedDecisionHits: 999_999_999n,
      sharedSumReturn: new Prisma.Decimal('0.02'),
      sharedSumReturnSq: new Prisma.Decimal('0.0002'),
    };
    await prisma.outcomeStatTotal.create({ data: written });
    const read = await prisma.outcomeStatTotal.findUnique({
      where: {
        modelId_tfFamily_horizon_bucket: {
          modelId: 'fusion-test-rt',
          tfFamily: 'daily',
          horizon: '30d',
          bucket: 10,
        },
      },
    });
    return { written, read };
  },
  OutcomeStatWeek: async () => {
    const written = {
      modelId: 'fusion-test-rt',
      tfFamily: 'daily',
      horizon: '7d',
      bucket: 6,
      week: new Date('2024-03-25T00:00:00.000Z'),
      n: 40,
      nDecisions: 30,
      hits: 21,
      decisionHits: 17,
      sumReturn: new Prisma.Decimal('0.25'),
      sumReturnSq: new Prisma.Decimal('0.0125'),
      sumBrier: new Prisma.Decimal('9.5'),
      sumConfid: new Prisma.Decimal('26.25'),
      longHits: 6,
      shortHits: 3,
      marketSumReturn: new Prisma.Decimal('0.004'),
      momentumN: 8,
      momentumHits: 5,
      momentumSumReturn: new Prisma.Decimal('-0.000000000000000000000000000001'),
      momentumSumReturnSq: new Prisma.Decimal('0.0001'),
      prevModelN: 4,
      prevModelHits: 2,
      prevModelSumReturn: new Prisma.Decimal('0.01'),
      prevModelSumReturnSq: new Prisma.Decimal('0.00005'),
      sharedDecisionHits: 3,
      sharedSumReturn: new Prisma.Decimal('0.02'),
      sharedSumReturnSq: new Prisma.Decimal('0.0002'),
    };
    await prisma.outcomeStatWeek.create({ data: written });
    const { week, ...key } = written;
    const read = await prisma.outcomeStatWeek.findUnique({
      where: {
        modelId_tfFamily_horizon_bucket_week: {
          modelId: key.modelId,
          tfFamily: key.tfFamily,
          horizon: key.horizon,
          bucket: key.bucket,
          week,
        },
      },
    });
    return { written, read };
  },
  CalibrationMapRow: async () => {
    const written = {
      modelId: 'fusion-v2.0.0',
      tfFamily: 'intraday',
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
      tfFamily: 'daily',
      horizon: '1d',
      ranAt: SAMPLE_TIME,
      nPairs: 149,
      usedPrev: true,
      calibrationId: null,
      status: 'unchanged',
      maturedTotal: 4_000_000_000n,
      maxPairs: 200_000,
      windowFrom: SAMPLE_TIME,
      windowTo: SAMPLE_TIME,
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
    const written = {
      ts: SAMPLE_TIME,
      from: '0.1',
      to: '0.5',
      actor: 'op@test',
      reason: 'rt',
      skillOverride: true,
      forced: true,
      unmet: ['0.1 → 0.5 not eligible'],
      gates: { status: 'pass', scoreRate: { perMinute: 12 } },
    };
    const { id } = await prisma.rolloutChange.create({ data: written });
    return {
      written: { id, ...written },
      read: await prisma.rolloutChange.findUnique({ where: { id } }),
    };
  },
  SloDailyReport: async () => {
    const written = {
      day: new Date('2024-03-30T00:00:00.000Z'),
      report: { version: 1, day: '2024-03-30', gates: { p95: { pass: 1440 } } },
      version: 1,
      createdAt: SAMPLE_TIME,
      createdBy: 'daily-job',
    };
    await prisma.sloDailyReport.create({ data: written });
    return {
      written,
      read: await prisma.sloDailyReport.findUnique({ where: { day: written.day } }),
    };
  },
  Archive: async () => {
    const written = {
      key: 'manual:rt',
      kind: 'manual',
      fromTs: SAMPLE_TIME,
      toTs: new Date(SAMPLE_TIME.getTime() + 86_400_000),
      status: 'ready',
      progress: 1,
      fileName: 'fusion-ops_rt.zip',
      buildSha: 'abcdef1234567',
      featureVersion: 'v2.0.0',
      modelVersion: 'fusion-v2.0.0',
      schemaHash: 'f'.repeat(64),
      createdBy: 'op@test',
      createdAt: SAMPLE_TIME,
      notBefore: SAMPLE_TIME,
      startedAt: SAMPLE_TIME,
      finishedAt: SAMPLE_TIME,
      buildToken: '7f5e0a54-9cad-4e30-9b73-2e1f3e4d5c63',
      sizeBytes: 1234n,
      sha256: 'e'.repeat(64),
      manifest: { files: [{ name: 'audit.csv', rows: 1 }] },
      error: null,
      breachId: 42n,
    };
    const { id } = await prisma.archive.create({ data: written });
    return {
      written: { id, ...written },
      read: await prisma.archive.findUnique({ where: { id } }),
    };
  },
  ArchiveChunk: async () => {
    const { id: archiveId } = await prisma.archive.create({
      data: {
        key: 'manual:rt-chunk',
        kind: 'manual',
        fromTs: SAMPLE_TIME,
        toTs: new Date(SAMPLE_TIME.getTime() + 1),
        fileName: 'fusion-ops_rt.zip',
        buildSha: 'x',
        featureVersion: 'v',
        modelVersion: 'm',
        schemaHash: 's',
        createdBy: 'op@test',
      },
    });
    const written = { archiveId, seq: 0, data: new Uint8Array([0, 1, 2, 255]) };
    await prisma.archiveChunk.create({ data: written });
    return {
      written,
      read: await prisma.archiveChunk.findUnique({
        where: { archiveId_seq: { archiveId, seq: 0 } },
      }),
    };
  },
  WebhookSubscription: async () => {
    const written = {
      url: 'http://127.0.0.1:9/rt',
      events: ['breach', 'test'],
      secret: 'whsec_roundtrip',
      active: false,
      description: 'round trip',
      createdBy: 'admin@test',
      createdAt: SAMPLE_TIME,
      updatedAt: SAMPLE_TIME,
      lastDeliveryAt: SAMPLE_TIME,
    };
    const { id } = await prisma.webhookSubscription.create({ data: written });
    return {
      written: { id, ...written },
      read: await prisma.webhookSubscription.findUnique({ where: { id } }),
    };
  },
  WebhookDelivery: async () => {
    const { id: subscriptionId } = await prisma.webhookSubscription.create({
      data: { url: 'http://127.0.0.1:9/rt2', events: ['test'], secret: 's', createdBy: 'x' },
    });
    const written = {
      subscriptionId,
      eventType: 'test',
      eventId: '7f5e0a54-9cad-4e30-9b73-2e1f3e4d5c63',
      payload: { id: 'x', type: 'test', data: { a: [1, null] } },
      status: 'dead',
      attempts: 4,
      lastResponseStatus: 500,
      lastError: 'HTTP 500',
      createdAt: SAMPLE_TIME,
      updatedAt: SAMPLE_TIME,
      deliveredAt: SAMPLE_TIME,
    };
    const { id } = await prisma.webhookDelivery.create({ data: written });
    return {
      written: { id, ...written },
      read: await prisma.webhookDelivery.findUnique({ where: { id } }),
    };
  },
  WebhookWatch: async () => {
    const written = { key: 'dlq:rt', above: true, value: 3, changedAt: SAMPLE_TIME };
    await prisma.webhookWatch.create({ data: written });
    return { written, read: await prisma.webhookWatch.findUnique({ where: { key: 'dlq:rt' } }) };
  },
  CanaryState: async () => {
    const written = {
      id: 1,
      enabled: true,
      ratePerMinute: 12,
      instance: 'rt:1',
      updatedAt: SAMPLE_TIME,
      lastAt: SAMPLE_TIME,
      lastSymbol: 'SPX',
      lastTf: '1d',
      lastStatus: 200,
      lastLatencyMs: 12.5,
      lastError: 'rt',
      sent: 3n,
      failed: 1n,
    };
    await prisma.canaryState.create({ data: written });
    return { written, read: await prisma.canaryState.findUnique({ where: { id: 1 } }) };
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

describe('migration 20261124130000_bounded_metrics_calibration on existing data', () => {
  it('backfills the outcome aggregates and labels earlier maps and runs by timeframe family', async () => {
    const BOUNDED = '20261124130000_bounded_metrics_calibration';
    const old = await startTestDatabase({ migrate: false });
    const before = await mkdtemp(path.join(os.tmpdir(), 'fusion-ops-migrations-'));
    const client = new pg.Client({ connectionString: old.url });
    try {
      for (const name of await readdir('prisma/migrations')) {
        if (name < BOUNDED && !name.endsWith('.toml')) {
          await cp(path.join('prisma/migrations', name), path.join(before, name), {
            recursive: true,
          });
        }
      }
      await migrate(old.url, before);
      await client.connect();
      // Written with the schema as it was: maps and runs per (model, horizon) only.
      await client.query(`
        INSERT INTO predictions (id, symbol, tf, horizon, cycle_slot, ts, matures_at, model_id,
          entry_close, score, raw_confidence, confid, decision, ml_bucket, part_rsi, part_macd, part_trend)
        VALUES
          (1, 'A', '1d', '1d', '2024-03-04T00:00Z', '2024-03-04T00:00Z', '2024-03-05T00:00Z', 'm', 100, 0.1, 0.55, 0.55, 1, 0.5, 0, 0, 0),
          (2, 'A', '1d', '1d', '2024-03-05T00:00Z', '2024-03-04T23:59:59.999Z', '2024-03-06T00:00Z', 'm', 100, 0.1, 0.62, 0.62, -1, 0.6, 0, 0, 0),
          (3, 'B', '1m', '15m', '2024-03-05T00:00Z', '2024-03-05T00:00Z', '2024-03-05T00:15Z', 'm', 100, 0.1, 0.7, 0.7, 0, 0.7, 0, 0, 0),
          (4, 'A', '1d', '1d', '2024-03-06T00:00Z', '2024-03-06T00:00Z', '2024-03-07T00:00Z', 'm', 100, 0.1, 0.9, 0.9, 1, 0.9, 0, 0, 0);
        INSERT INTO outcomes (prediction_id, close_used, close_ts, realized_return, hit) VALUES
          (1, 101, '2024-03-05T00:00Z', 0.01, true),
          (2, 102, '2024-03-06T00:00Z', 0.02, false),
          (3, 99, '2024-03-05T00:15Z', -0.01, true);
        INSERT INTO calibration_maps (id, model_id, horizon, version, n_pairs, x, y, checksum) VALUES
          (1, 'm', '1d', 1, 150, '{0.5,1}', '{0.4,0.8}', 'x'),
          (2, 'm', '15m', 1, 150, '{0.5,1}', '{0.4,0.8}', 'x'),
          (3, 'm', '2d', 1, 150, '{0.5,1}', '{0.4,0.8}', 'x');
        INSERT INTO calibration_runs (model_id, horizon, n_pairs, used_prev, calibration_id) VALUES
          ('m', '15m', 150, false, 2),
          ('m', '15m', 20, true, NULL),
          ('m', '3d', 10, true, NULL);`);

      expect((await migrate(old.url)).applied).toContain(BOUNDED);

      const totals = await client.query(
        `SELECT tf_family, horizon, bucket, n::int, n_decisions::int, hits::int, decision_hits::int,
                sum_return::text, sum_confid::text, sum_brier::text
         FROM outcome_stats_total ORDER BY tf_family, horizon, bucket`,
      );
      expect(totals.rows).toEqual([
        {
          tf_family: 'daily',
          horizon: '1d',
          bucket: 5,
          n: 1,
          n_decisions: 1,
          hits: 1,
          decision_hits: 1,
          sum_return: '0.010000000000000000000000000000',
          sum_confid: '0.550000000000000000000000000000',
          sum_brier: '0.202500000000000000000000000000',
        },
        {
          tf_family: 'daily',
          horizon: '1d',
          bucket: 6,
          n: 1,
          n_decisions: 1,
          hits: 0,
          decision_hits: 0,
          sum_return: '-0.020000000000000000000000000000',
          sum_confid: '0.620000000000000000000000000000',
          sum_brier: '0.384400000000000000000000000000',
        },
        {
          tf_family: 'intraday',
          horizon: '15m',
          bucket: 7,
          n: 1,
          n_decisions: 0,
          hits: 1,
          decision_hits: 0,
          sum_return: '0.000000000000000000000000000000',
          sum_confid: '0.700000000000000000000000000000',
          sum_brier: '0.090000000000000000000000000000',
        },
      ]);
      // Exact: (0.55 − 1)², 0.62², (0.7 − 1)² in decimal, not their float8 roundings.
      // Days are the UTC day of the prediction's ts: 23:59:59.999 stays on its day.
      const days = await client.query(
        `SELECT bucket, to_char(day, 'YYYY-MM-DD') AS day FROM outcome_stats_daily ORDER BY bucket`,
      );
      expect(days.rows).toEqual([
        { bucket: 5, day: '2024-03-04' },
        { bucket: 6, day: '2024-03-04' },
        { bucket: 7, day: '2024-03-05' },
      ]);
      const copied = await client.query(
        `SELECT prediction_id::int AS id, model_id, tf, horizon, ts = p_ts AS same_ts,
                raw_confidence, confid, decision
         FROM outcomes JOIN (SELECT id AS pid, ts AS p_ts FROM predictions) p ON p.pid = prediction_id
         ORDER BY prediction_id`,
      );
      expect(copied.rows).toEqual([
        {
          id: 1,
          model_id: 'm',
          tf: '1d',
          horizon: '1d',
          same_ts: true,
          raw_confidence: 0.55,
          confid: 0.55,
          decision: 1,
        },
        {
          id: 2,
          model_id: 'm',
          tf: '1d',
          horizon: '1d',
          same_ts: true,
          raw_confidence: 0.62,
          confid: 0.62,
          decision: -1,
        },
        {
          id: 3,
          model_id: 'm',
          tf: '1m',
          horizon: '15m',
          same_ts: true,
          raw_confidence: 0.7,
          confid: 0.7,
          decision: 0,
        },
      ]);
      const maps = await client.query(
        `SELECT horizon, tf_family FROM calibration_maps ORDER BY id`,
      );
      expect(maps.rows).toEqual([
        { horizon: '1d', tf_family: 'daily' },
        { horizon: '15m', tf_family: 'intraday' },
        { horizon: '2d', tf_family: 'daily' },
      ]);
      const runs = await client.query(
        `SELECT horizon, tf_family, status, matured_total FROM calibration_runs ORDER BY id`,
      );
      expect(runs.rows).toEqual([
        { horizon: '15m', tf_family: 'intraday', status: 'fitted', matured_total: null },
        { horizon: '15m', tf_family: 'intraday', status: 'too-few-pairs', matured_total: null },
        { horizon: '3d', tf_family: 'daily', status: 'too-few-pairs', matured_total: null },
      ]);
    } finally {
      await client.end().catch(() => {});
      await rm(before, { recursive: true, force: true });
      await old.destroy();
    }
  });
});
