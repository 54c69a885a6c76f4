// npm run bench:build [-- --runs 3]: wall time and peak resident memory of `next build`
// (the whole process tree, sampled from /proc every 100 ms), median over runs.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { nextCli } from '../../lib/runtime/nextCli';

const runs = Number(parseArgs({ options: { runs: { type: 'string', default: '3' } } }).values.runs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function treeRssBytes(root: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(entry);
      const ppid = Number(fields[1]);
      rss.set(pid, Number(fields[21]) * 4096);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

const peaks: number[] = [];
const times: number[] = [];
for (let run = 1; run <= runs; run++) {
  const started = performance.now();
  const child = spawn(...nextCli('build'), { stdio: 'ignore' });
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, treeRssBytes(child.pid!))), 100);
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  clearInterval(timer);
  if (code !== 0) throw new Error(`next build failed (${code})`);
  const seconds = (performance.now() - started) / 1000;
  peaks.push(peak);
  times.push(seconds);
  console.log(
    `build run ${run}: ${seconds.toFixed(1)} s, peak RSS of the process tree ${(peak / 2 ** 20).toFixed(0)} MiB`,
  );
}
console.log(
  `median over ${runs}: ${median(times).toFixed(1)} s, peak ${(median(peaks) / 2 ** 20).toFixed(0)} MiB`,
);
