import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { freePort } from './ports';

export interface PrometheusServer {
  url: string;
  /** The query API's `data` for an instant query; throws on an error status. */
  query(expr: string): Promise<{ resultType: string; result: unknown[] }>;
  get<T>(apiPath: string): Promise<T>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * A real Prometheus (Debian's 2.42) scraping the app as the README tells operators to: GET
 * /api/metrics with a read-scoped API token from a credentials file, every second here, with
 * the given rule files loaded.
 */
export async function startPrometheus(options: {
  binary: string;
  target: string;
  token: string;
  ruleFiles: string[];
}): Promise<PrometheusServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fusion-prometheus-'));
  const tokenFile = path.join(dir, 'fusion-ops.token');
  await writeFile(tokenFile, options.token, { mode: 0o600 });
  const config = path.join(dir, 'prometheus.yml');
  await writeFile(
    config,
    stringify({
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: options.ruleFiles.map((f) => path.resolve(f)),
      scrape_configs: [
        {
          job_name: 'fusion-ops',
          metrics_path: '/api/metrics',
          authorization: { type: 'Bearer', credentials_file: tokenFile },
          static_configs: [{ targets: [options.target] }],
        },
      ],
    }),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(
    options.binary,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited:\n${output}`);
    const ready = await fetch(`${url}/-/ready`).catch(() => null);
    if (ready?.ok) break;
    if (Date.now() > deadline) throw new Error(`prometheus did not get ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }

  const get = async <T>(apiPath: string): Promise<T> => {
    const response = await fetch(`${url}${apiPath}`);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`${apiPath}: ${body.error ?? response.status}`);
    return body.data;
  };
  return {
    url,
    get,
    query: (expr) =>
      get<{ resultType: string; result: unknown[] }>(
        `/api/v1/query?${new URLSearchParams({ query: expr })}`,
      ),
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
