import { Counter, Histogram, type Registry } from 'prom-client';

export type CommandOutcome = 'ok' | 'error' | 'timeout' | 'no_handler' | 'unavailable';

/**
 * Prometheus metrics of one bus. Registered only in the registry given (never in the global
 * one); several buses sharing a registry share the metrics instead of failing to register.
 */
export class BusMetrics {
  readonly #published: Counter<'topic'>;
  readonly #dropped: Counter;
  readonly #commands: Counter<'command' | 'outcome'>;
  readonly #commandDuration: Histogram<'command'>;

  constructor(registry?: Registry) {
    const registers = registry ? [registry] : [];
    const existing = (name: string) => registry?.getSingleMetric(name);
    this.#published =
      (existing('gramophone_bus_events_published_total') as Counter<'topic'> | undefined) ??
      new Counter({
        name: 'gramophone_bus_events_published_total',
        help: 'Events handed to the bus transport, by topic.',
        labelNames: ['topic'],
        registers,
      });
    this.#dropped =
      (existing('gramophone_bus_events_dropped_total') as Counter | undefined) ??
      new Counter({
        name: 'gramophone_bus_events_dropped_total',
        help: 'Events dropped because the bus transport was unavailable.',
        registers,
      });
    this.#commands =
      (existing('gramophone_bus_commands_total') as Counter<'command' | 'outcome'> | undefined) ??
      new Counter({
        name: 'gramophone_bus_commands_total',
        help: 'Commands sent over the bus, by command and outcome (ok, error, timeout, no_handler, unavailable).',
        labelNames: ['command', 'outcome'],
        registers,
      });
    this.#commandDuration =
      (existing('gramophone_bus_command_duration_seconds') as Histogram<'command'> | undefined) ??
      new Histogram({
        name: 'gramophone_bus_command_duration_seconds',
        help: 'Round trip of answered bus commands (ok or error), in seconds.',
        labelNames: ['command'],
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers,
      });
  }

  eventPublished(topic: string): void {
    this.#published.inc({ topic });
  }

  eventDropped(): void {
    this.#dropped.inc();
  }

  commandFinished(command: string, outcome: CommandOutcome, seconds: number): void {
    this.#commands.inc({ command, outcome });
    if (outcome === 'ok' || outcome === 'error') {
      this.#commandDuration.observe({ command }, seconds);
    }
  }
}
