/**
 * How busy the process under test was during a phase: its CPU and its children's (ffmpeg, one
 * per transcoding player) from /proc, and its event-loop delay from its own Prometheus metrics
 * (prom-client resets the histogram on every scrape, so a scrape at the start and one at the
 * end give the phase's figure).
 */
import { readdir, readFile } from 'node:fs/promises';

export interface PhaseLoad {
  /** CPU of the process itself, in % of one core. */
  processCpuPercent: number;
  /** CPU of its child processes (running or exited), in % of one core. */
  childrenCpuPercent: number;
  /** Child processes running at the end. */
  children: number;
  /** p99 event-loop delay of the process over the phase (ms); NaN without metrics. */
  eventLoopP99Ms: number;
}

const TICKS_PER_SECOND = 100;

interface CpuSample {
  at: number;
  own: number;
  children: number;
  running: number;
}

/** Starts watching `pid`; `finish()` reports the phase. */
export async function watchPhase(pid: number, metricsUrl: string): Promise<{ finish(): Promise<PhaseLoad> }> {
  await eventLoopP99Ms(metricsUrl);
  const start = await cpuSample(pid);
  return {
    async finish() {
      const end = await cpuSample(pid);
      const seconds = (end.at - start.at) / 1000;
      const percent = (ticks: number) => (ticks / TICKS_PER_SECOND / seconds) * 100;
      return {
        processCpuPercent: percent(end.own - start.own),
        childrenCpuPercent: percent(end.children - start.children),
        children: end.running,
        eventLoopP99Ms: await eventLoopP99Ms(metricsUrl),
      };
    },
  };
}

async function eventLoopP99Ms(metricsUrl: string): Promise<number> {
  const text = await fetch(metricsUrl)
    .then((response) => response.text())
    .catch(() => '');
  const value = /^gramophone_nodejs_eventloop_lag_p99_seconds(?:\{[^}]*\})? (\S+)$/m.exec(text)?.[1];
  return value === undefined ? Number.NaN : Number(value) * 1000;
}

/** The process's own CPU, and its children's: running ones from their stat, exited ones from cutime/cstime. */
async function cpuSample(pid: number): Promise<CpuSample> {
  const at = performance.now();
  const root = await stat(pid);
  let running = 0;
  let children = root ? root.cutime + root.cstime : 0;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = await stat(Number(entry));
    if (child?.ppid !== pid) continue;
    running += 1;
    children += child.utime + child.stime;
  }
  return { at, own: root ? root.utime + root.stime : 0, children, running };
}

async function stat(pid: number) {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (!text) return null;
  // Fields after the command name, which sits in parentheses and may contain spaces.
  const fields = text
    .slice(text.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  return {
    ppid: fields[1] ?? 0,
    utime: fields[11] ?? 0,
    stime: fields[12] ?? 0,
    cutime: fields[13] ?? 0,
    cstime: fields[14] ?? 0,
  };
}
