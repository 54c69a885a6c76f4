import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '@/lib/db/embeddedPostgres';
import { migrate } from '@/lib/db/migrate';
import { localSecrets } from './localSecrets';

export const DATA_DIR = path.resolve(process.env.FUSION_DATA_DIR ?? '.data');
const EMBEDDED_PORT = Number(process.env.EMBEDDED_PG_PORT ?? 54329);

export interface Database {
  url: string;
  /** Stops the embedded server if this process started it; otherwise does nothing. */
  release(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL under .data/ (reusing it when another
 * command of ours already runs it). Migrations are applied either way, and DATABASE_URL is set
 * for whatever this process starts next.
 */
export async function openDatabase(): Promise<Database> {
  let url = process.env.DATABASE_URL;
  let release = async () => {};
  if (!url) {
    const { postgresPassword } = localSecrets(DATA_DIR);
    const embeddedUrl = `postgresql://postgres:${encodeURIComponent(postgresPassword)}@127.0.0.1:${EMBEDDED_PORT}/fusion_ops`;
    if (await answers(embeddedUrl)) {
      url = embeddedUrl;
    } else {
      const embedded = await startEmbeddedPostgres({
        dir: path.join(DATA_DIR, 'pg'),
        port: EMBEDDED_PORT,
        password: postgresPassword,
      });
      url = embedded.url;
      release = () => embedded.stop();
    }
    process.env.DATABASE_URL = url;
  }
  try {
    await migrate(url);
  } catch (error) {
    await release();
    throw error;
  }
  return { url, release };
}
