import { type ChildProcess, spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import type { Readable } from 'node:stream';
import { ffmpegChildEnv } from '../../media/index.ts';

/** Counts the ffmpeg children alive, for `ffmpegProcesses` and the metrics gauge. */
export class FfmpegTracker {
  private alive = 0;

  get count(): number {
    return this.alive;
  }

  /** @internal */
  spawned(): void {
    this.alive += 1;
  }

  /** @internal */
  exited(): void {
    this.alive -= 1;
  }
}

const STDERR_KEEP = 2_000;

/**
 * One ffmpeg child whose stdout carries the output. It is always killed with SIGKILL: it writes
 * nothing but a pipe, so there is nothing to flush, and a child blocked on a full pipe would
 * ignore a gentler signal.
 */
export class FfmpegProcess {
  private readonly child: ChildProcess & { stdout: Readable; stderr: Readable };
  private stderrTail = '';
  private killed = false;
  /** Exit code once it exited (null when killed by a signal); undefined while it runs. */
  exitCode: number | null | undefined = undefined;

  constructor(
    binary: string,
    readonly args: readonly string[],
    tracker: FfmpegTracker,
    stdin: Readable | null,
  ) {
    // stdout and stderr are pipes here, so never null.
    this.child = spawn(binary, args, {
      stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      env: ffmpegChildEnv(),
    }) as ChildProcess & {
      stdout: Readable;
      stderr: Readable;
    };
    tracker.spawned();
    // ffmpeg runs seconds ahead of playback (pipe and demuxer buffers), the 20 ms clock does not:
    // under CPU contention the event loop must win. Lowering a child's priority needs no privilege.
    if (this.child.pid !== undefined) {
      try {
        setPriority(this.child.pid, 10);
      } catch {
        // The child may already be gone; nothing to lower.
      }
    }
    let counted = true;
    const settle = () => {
      if (counted) tracker.exited();
      counted = false;
    };
    // 'error' without 'exit' happens when the binary cannot be started at all.
    this.child.once('error', (error) => {
      this.stderrTail ||= error.message;
      if (this.exitCode === undefined) this.exitCode = -1;
      settle();
    });
    this.child.once('exit', (code) => {
      this.exitCode = code;
      settle();
    });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-STDERR_KEEP);
    });
    if (stdin && this.child.stdin) {
      const sink = this.child.stdin;
      // ffmpeg closes its stdin when it has read enough or fails: EPIPE here is expected.
      sink.on('error', () => {});
      stdin.on('error', () => sink.destroy());
      stdin.pipe(sink);
      sink.once('close', () => stdin.unpipe(sink));
    }
  }

  get stdout(): Readable {
    return this.child.stdout;
  }

  /** Whether it ended in failure (non-zero exit, could not start) rather than being killed by us. */
  get failed(): boolean {
    return !this.killed && this.exitCode !== undefined && this.exitCode !== 0;
  }

  get succeeded(): boolean {
    return this.exitCode === 0;
  }

  /** What ffmpeg said last on stderr, trimmed, for error messages. */
  get errorText(): string {
    const lines = this.stderrTail.trim().split('\n');
    return lines.slice(-3).join(' | ') || `ffmpeg exited with code ${this.exitCode}`;
  }

  kill(): void {
    if (this.killed) return;
    this.killed = true;
    this.child.stdout.destroy();
    this.child.stderr.destroy();
    this.child.stdin?.destroy();
    if (this.exitCode === undefined) this.child.kill('SIGKILL');
  }
}
