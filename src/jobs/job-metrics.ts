import { Counter, Histogram, type Registry } from 'prom-client';

/**
 * Prometheus metrics of job handlers. Registered only in the registry given (never in the
 * global one); queues sharing a registry share the metrics instead of failing to register.
 */
export class JobMetrics {
  readonly #completed: Counter<'name'>;
  readonly #failed: Counter<'name'>;
  readonly #duration: Histogram<'name'>;

  constructor(registry?: Registry) {
    const registers = registry ? [registry] : [];
    const existing = (name: string) => registry?.getSingleMetric(name);
    this.#completed =
      (existing('gramophone_jobs_completed_total') as Counter<'name'> | undefined) ??
      new Counter({
        name: 'gramophone_jobs_completed_total',
        help: 'Job attempts whose handler succeeded, by queue name.',
        labelNames: ['name'],
        registers,
      });
    this.#failed =
      (existing('gramophone_jobs_failed_total') as Counter<'name'> | undefined) ??
      new Counter({
        name: 'gramophone_jobs_failed_total',
        help: 'Job attempts that failed (threw, timed out or had invalid data), by queue name; each retry counts.',
        labelNames: ['name'],
        registers,
      });
    this.#duration =
      (existing('gramophone_job_duration_seconds') as Histogram<'name'> | undefined) ??
      new Histogram({
        name: 'gramophone_job_duration_seconds',
        help: 'Time job handlers ran, successful or not, in seconds.',
        labelNames: ['name'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
        registers,
      });
  }

  attemptFinished(name: string, outcome: 'completed' | 'failed', seconds: number): void {
    (outcome === 'completed' ? this.#completed : this.#failed).inc({ name });
    this.#duration.observe({ name }, seconds);
  }
}
