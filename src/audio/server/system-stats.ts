import { availableParallelism, cpus } from 'node:os';
import { getHeapStatistics } from 'node:v8';

/** Lavalink's `memory` object, taken from the V8 heap the way Lavalink reports the JVM heap. */
export interface MemoryStats {
  free: number;
  used: number;
  allocated: number;
  reservable: number;
}

/** Lavalink's `cpu` object: loads are fractions of all cores (0–1). */
export interface CpuStats {
  cores: number;
  systemLoad: number;
  lavalinkLoad: number;
}

/**
 * Heap figures mapped onto Lavalink's JVM ones: allocated = the heap V8 has committed, used =
 * what is live in it, free = the difference, reservable = the most it may grow to.
 */
export function memoryStats(): MemoryStats {
  const usage = process.memoryUsage();
  return {
    free: Math.max(0, usage.heapTotal - usage.heapUsed),
    used: usage.heapUsed,
    allocated: usage.heapTotal,
    reservable: getHeapStatistics().heap_size_limit,
  };
}

interface CpuSample {
  at: bigint;
  process: NodeJS.CpuUsage;
  idle: number;
  total: number;
}

function systemTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const cpu of cpus()) {
    const { user, nice, sys, idle: idleTime, irq } = cpu.times;
    idle += idleTime;
    total += user + nice + sys + idleTime + irq;
  }
  return { idle, total };
}

/**
 * CPU load between two calls, as Lavalink measures it between stats: the whole system's busy
 * share of all cores, and this process's share. The first call measures since the sampler was
 * made. The node's own share leaves out ffmpeg children, which the system load includes.
 */
export class CpuSampler {
  private last: CpuSample = CpuSampler.sample();
  readonly cores = availableParallelism();

  private static sample(): CpuSample {
    return { at: process.hrtime.bigint(), process: process.cpuUsage(), ...systemTimes() };
  }

  measure(): CpuStats {
    const now = CpuSampler.sample();
    const elapsedMicros = Number(now.at - this.last.at) / 1000;
    const processMicros =
      now.process.user - this.last.process.user + (now.process.system - this.last.process.system);
    const totalDelta = now.total - this.last.total;
    const systemLoad = totalDelta > 0 ? 1 - (now.idle - this.last.idle) / totalDelta : 0;
    const lavalinkLoad = elapsedMicros > 0 ? processMicros / elapsedMicros / this.cores : 0;
    this.last = now;
    return { cores: this.cores, systemLoad: clampLoad(systemLoad), lavalinkLoad: clampLoad(lavalinkLoad) };
  }
}

function clampLoad(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
