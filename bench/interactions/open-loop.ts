/**
 * An open-loop load generator for slash commands: interactions leave on a fixed schedule
 * whatever the bot answers (no coordinated omission), and each one's latency is the
 * emulator's own timing — INTERACTION_CREATE sent to the callback received.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type BotAnswer, InteractionNotAnswered } from '../../src/emulators/discord/index.ts';

export interface OpenLoopResult {
  fired: number;
  /** Dispatch-to-callback milliseconds of every acknowledged interaction. */
  latenciesMs: number[];
  /** Not acknowledged within Discord's 3 s (the user sees "The application did not respond"). */
  notAcknowledged: number;
  /** Acknowledged with a defer but never finished within the answer timeout. */
  deferredUnfinished: number;
  /** Answers that are not what the command does when it works, e.g. "couldn't load that". */
  refusals: string[];
  /** Other failures, e.g. the emulator refusing the command. */
  errors: string[];
  /** First callback types seen (4 reply, 5 defer). */
  callbackTypes: Record<string, number>;
  /** How late the generator fired against its schedule, p99 (ms). */
  scheduleLagP99Ms: number;
  /** This process's event-loop delay during the run, p99 (ms): it also receives the callbacks. */
  loopDelayP99Ms: number;
}

/**
 * Fires `run(i)` `count` times at `ratePerSecond`, then waits for every answer; `worked` tells
 * a real answer from a refusal (latency counts either way: both are the bot answering).
 */
export async function openLoop(
  count: number,
  ratePerSecond: number,
  run: (index: number) => Promise<BotAnswer>,
  worked: (answer: BotAnswer) => boolean = (answer) => !answer.ephemeral,
): Promise<OpenLoopResult> {
  const result: OpenLoopResult = {
    fired: 0,
    latenciesMs: [],
    notAcknowledged: 0,
    deferredUnfinished: 0,
    refusals: [],
    errors: [],
    callbackTypes: {},
    scheduleLagP99Ms: 0,
    loopDelayP99Ms: 0,
  };
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const lags: number[] = [];
  const answers: Promise<void>[] = [];
  const interval = 1_000 / ratePerSecond;
  const start = performance.now() + 20;
  for (let i = 0; i < count; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    lags.push(Math.max(0, performance.now() - due));
    result.fired += 1;
    answers.push(
      run(i).then(
        (answer) => record(result, answer, worked(answer)),
        (error: Error) => {
          if (!(error instanceof InteractionNotAnswered)) result.errors.push(error.message);
          else if (/deferred/.test(error.message)) result.deferredUnfinished += 1;
          else result.notAcknowledged += 1;
        },
      ),
    );
  }
  await Promise.all(answers);
  loop.disable();
  result.scheduleLagP99Ms = percentile(lags, 0.99);
  result.loopDelayP99Ms = loop.percentile(99) / 1e6;
  return result;
}

function record(result: OpenLoopResult, answer: BotAnswer, worked: boolean): void {
  const { dispatchedAt, acknowledgedAt } = answer.timing;
  if (acknowledgedAt !== null) result.latenciesMs.push(acknowledgedAt - dispatchedAt);
  const type = String(answer.responseType);
  result.callbackTypes[type] = (result.callbackTypes[type] ?? 0) + 1;
  if (!worked) result.refusals.push(answer.content || JSON.stringify(answer.embeds).slice(0, 200));
}

/**
 * The q-quantile (nearest rank). Interactions never acknowledged count as slower than every
 * measured one, so a p99 is not flattered by leaving out the ones that timed out.
 */
export function latencyPercentile(result: OpenLoopResult, q: number): number {
  const missing = Array<number>(result.notAcknowledged).fill(Number.POSITIVE_INFINITY);
  return percentile([...result.latenciesMs, ...missing], q);
}

export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}
