import { spawnSync } from 'node:child_process';

/**
 * The path of a Prometheus tool (promtool, prometheus) on PATH, or null. CI installs Debian's
 * `prometheus` package (.ci/run), so there a missing tool fails the test that needs it instead
 * of skipping it; a developer's machine without it skips, and says so.
 */
export function prometheusTool(name: 'promtool' | 'prometheus'): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = found.status === 0 ? found.stdout.trim() : '';
  if (path) return path;
  if (process.env.CI)
    throw new Error(`${name} is not installed: .ci/run installs it (apt-get install prometheus)`);
  console.warn(`${name} is not installed (apt-get install prometheus): its tests are skipped`);
  return null;
}

/** Runs a tool and returns its exit code and combined output. */
export function run(tool: string, args: string[], input?: string) {
  const result = spawnSync(tool, args, { encoding: 'utf8', input, timeout: 120_000 });
  if (result.error) throw result.error;
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}
