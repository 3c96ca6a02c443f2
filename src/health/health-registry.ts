/** One dependency or component that readiness depends on. */
export interface ReadinessCheck {
  name: string;
  /** Resolves when ready; rejects (or times out) with the reason when not. */
  check(): Promise<void>;
}

export interface CheckResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

export interface ReadinessReport {
  ready: boolean;
  checks: CheckResult[];
}

/**
 * Collects readiness checks from the shared infrastructure and the roles. `/healthz` says the
 * process is alive; `/readyz` runs these and says whether it can take work now.
 */
export class HealthRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();
  private draining = false;

  constructor(private readonly timeoutMs = 2_000) {}

  add(check: ReadinessCheck): void {
    this.checks.set(check.name, check);
  }

  /** After this, readiness fails: load balancers stop sending work while the process drains. */
  markDraining(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  async readiness(): Promise<ReadinessReport> {
    const checks = await Promise.all([...this.checks.values()].map((c) => this.run(c)));
    if (this.draining) checks.push({ name: 'lifecycle', ok: false, ms: 0, error: 'shutting down' });
    return { ready: checks.every((c) => c.ok), checks };
  }

  private async run(check: ReadinessCheck): Promise<CheckResult> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        check.check(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${this.timeoutMs} ms`)),
            this.timeoutMs,
          );
        }),
      ]);
      return { name: check.name, ok: true, ms: Math.round(performance.now() - started) };
    } catch (error) {
      return {
        name: check.name,
        ok: false,
        ms: Math.round(performance.now() - started),
        error: error instanceof Error ? error.message : String(error),
      };
    } finally {
      clearTimeout(timer);
    }
  }
}
