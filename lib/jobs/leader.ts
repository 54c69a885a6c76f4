import pg from 'pg';
import { logger } from '@/lib/logging/logger';

const log = logger('automation');

// Any constant shared by every process of the deployment.
const LEADER_LOCK_KEY = 727_002;

export interface LeaderCallbacks {
  onElected(): void;
  onDeposed(): void;
}

/**
 * Leader election through a PostgreSQL session advisory lock held on a dedicated connection.
 * The lock dies with the connection, so when the leader process dies (even kill -9) PostgreSQL
 * frees it at once and another process takes it at its next poll. While leading, the process
 * heartbeats the `automation_leader` row on the same connection: a failed heartbeat means the
 * connection (and therefore the lock) may be gone, and the process steps down.
 */
export class LeaderElector {
  private client: pg.Client | null = null;
  private leading = false;
  private timer: NodeJS.Timeout | null = null;
  private since: Date | null = null;

  constructor(
    private readonly databaseUrl: string,
    readonly instance: string,
    private readonly callbacks: LeaderCallbacks,
    private readonly pollMs = 2000,
  ) {}

  start(): void {
    const tick = async () => {
      await this.poll().catch((error) =>
        log.error({ err: error }, `leader election: ${(error as Error).message}`),
      );
      if (this.timer !== null) this.timer = setTimeout(tick, this.pollMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.leading) this.stepDown();
    await this.client?.end().catch(() => {});
    this.client = null;
  }

  private async connection(): Promise<pg.Client> {
    if (!this.client) {
      const client = new pg.Client({ connectionString: this.databaseUrl, keepAlive: true });
      client.on('error', () => this.dropConnection());
      await client.connect();
      this.client = client;
    }
    return this.client;
  }

  private dropConnection(): void {
    const client = this.client;
    this.client = null;
    if (this.leading) this.stepDown();
    void client?.end().catch(() => {});
  }

  private stepDown(): void {
    this.leading = false;
    this.since = null;
    this.callbacks.onDeposed();
  }

  private async poll(): Promise<void> {
    try {
      const client = await this.connection();
      if (this.leading) {
        await this.heartbeat(client);
        return;
      }
      const { rows } = await client.query<{ ok: boolean }>(
        'SELECT pg_try_advisory_lock($1) AS ok',
        [LEADER_LOCK_KEY],
      );
      if (!rows[0]?.ok) return;
      this.leading = true;
      this.since = new Date();
      await this.heartbeat(client);
      this.callbacks.onElected();
    } catch (error) {
      this.dropConnection();
      throw error;
    }
  }

  private async heartbeat(client: pg.Client): Promise<void> {
    await client.query(
      `INSERT INTO automation_leader (id, instance, since, heartbeat_at) VALUES (1, $1, $2, now())
       ON CONFLICT (id) DO UPDATE SET instance = EXCLUDED.instance, since = EXCLUDED.since, heartbeat_at = now()`,
      [this.instance, this.since],
    );
  }
}
