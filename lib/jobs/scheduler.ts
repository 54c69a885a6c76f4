import { cycleSlot } from '@/lib/domain/schedule';
import {
  isCycleFinished,
  readAutomationState,
  recordAutomationError,
  unfinishedCycles,
} from '@/lib/db/automation';
import { ArchiveHousekeeper } from './archives';
import { SloReportScheduler } from './sloDailyReport';
import { WeeklyFitter } from './proposeCandidate';
import { runCycle } from './cycle';
import { observeCycle } from './observe';
import { pollFeeds } from './feeds';
import { enqueue } from './queue';
import { runSloGuard, sloMinuteMs } from './sloGuard';
import { watchDeadLetters } from './webhooks';
import { evaluateThreshold } from './thresholdStep';
import { logger } from '@/lib/logging/logger';

const log = logger('automation');

const FEED_POLL_MS = Number(process.env.FEED_POLL_SECONDS ?? 5) * 1000;

/**
 * The leader's loop: every second it reads the desired state and, when running, runs the cycle
 * of the current slot if that slot has not finished yet; it also keeps live feeds fresh. A new
 * leader first finishes any cycle its predecessor left half done.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private lastFeedPoll = 0;
  private lastSloRun = 0;
  private recovered = false;
  private readonly archives = new ArchiveHousekeeper();
  private readonly sloReports = new SloReportScheduler();
  private readonly weeklyFit = new WeeklyFitter();

  constructor(private readonly instance: string) {}

  start(): void {
    this.recovered = false;
    const tick = async () => {
      if (this.timer === null) return;
      await this.tick().catch(async (error) => {
        log.error({ err: error }, `automation: ${(error as Error).message}`);
        await recordAutomationError((error as Error).message).catch(() => {});
      });
      if (this.timer !== null) this.timer = setTimeout(tick, 1000);
    };
    this.timer = setTimeout(tick, 0);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const now = new Date();
      // SLO guarding watches scoring, which goes on when the prediction loop is stopped.
      if (now.getTime() - this.lastSloRun >= sloMinuteMs()) {
        this.lastSloRun = now.getTime();
        await runSloGuard(now);
        // A dead-letter queue crossing above 2 notifies its webhook subscribers once.
        await watchDeadLetters(now).catch((error) =>
          log.error({ err: error }, `webhooks: ${(error as Error).message}`),
        );
        // The graduated threshold steps up when its rule holds (leader only, once a minute).
        await evaluateThreshold(now).catch((error) =>
          log.error({ err: error }, `threshold: ${(error as Error).message}`),
        );
      }
      // Archives are the records of operation: kept whether or not the loop runs.
      await this.archives
        .tick(now)
        .catch((error) => log.error({ err: error }, `archives: ${(error as Error).message}`));
      // The daily SLO report of the previous UTC day, queued once the day is over.
      await this.sloReports
        .tick(now)
        .catch((error) => log.error({ err: error }, `SLO report: ${(error as Error).message}`));
      // The weekly weight update proposes a candidate whether or not the loop runs.
      await this.weeklyFit
        .tick(now)
        .catch((error) => log.error({ err: error }, `weight update: ${(error as Error).message}`));
      const state = await readAutomationState();
      if (state.desired !== 'running') return;
      if (now.getTime() - this.lastFeedPoll >= FEED_POLL_MS) {
        this.lastFeedPoll = now.getTime();
        await pollFeeds(now);
      }
      if (!this.recovered) {
        for (const { slot } of await unfinishedCycles()) await this.cycle(slot, now);
        this.recovered = true;
      }
      const slot = cycleSlot(now, state.intervalSeconds);
      if (!(await isCycleFinished(slot))) await this.cycle(slot, now);
    } finally {
      this.busy = false;
    }
  }

  private async cycle(slot: Date, now: Date): Promise<void> {
    const result = await observeCycle(slot, () => runCycle({ slot, now, instance: this.instance }));
    if (result.ran)
      await enqueue(
        'populate-outcomes',
        { slot: slot.toISOString() },
        `outcomes:${slot.toISOString()}`,
      );
  }
}
