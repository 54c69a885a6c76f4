import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client';

interface Connections {
  pool: pg.Pool;
  prisma: PrismaClient;
}

// One pool per process, kept on globalThis so Next.js dev reloads do not leak connections.
const globalKey = Symbol.for('fusion-ops.db');
type GlobalWithDb = typeof globalThis & { [globalKey]?: Connections };

function connections(): Connections {
  const holder = globalThis as GlobalWithDb;
  if (!holder[globalKey]) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error('DATABASE_URL is not set');
    const pool = new pg.Pool({ connectionString, max: Number(process.env.DB_POOL_MAX ?? 10) });
    // An idle client that loses its server must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    // Generous transaction limits: at boot, pg-boss installing its schema can hold the database
    // busy for seconds, and a short maxWait would turn that into a 500 for the first request.
    const prisma = new PrismaClient({
      adapter: new PrismaPg(pool),
      transactionOptions: { maxWait: 10_000, timeout: 20_000 },
    });
    holder[globalKey] = { pool, prisma };
  }
  return holder[globalKey];
}

export const db = (): PrismaClient => connections().prisma;
export const pool = (): pg.Pool => connections().pool;

/**
 * Closes this process's connections; the next db() or pool() opens new ones. Callers that share
 * a process with later users (Playwright runs every spec file in one worker) must close this way,
 * not with pool().end(), which would leave the later ones a pool that refuses every query.
 */
export async function closeConnections(): Promise<void> {
  const holder = globalThis as GlobalWithDb;
  const open = holder[globalKey];
  if (!open) return;
  delete holder[globalKey];
  await open.pool.end();
  await open.prisma.$disconnect();
}

/** Something to send a query to: the pool, or a client inside a transaction. */
export type Queryable = Pick<pg.PoolClient, 'query'>;

/** Runs `work` in one transaction on one pooled connection: all of it commits, or none. */
export async function inTransaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
