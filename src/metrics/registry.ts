import { collectDefaultMetrics, Registry } from 'prom-client';

export { Registry } from 'prom-client';

/**
 * The process's metrics registry: Node's default metrics (CPU, memory, event loop lag, GC)
 * prefixed `gramophone_`, plus whatever each module registers on it. One per process, so
 * tests can build several without clashing on prom-client's global registry.
 */
export function createMetricsRegistry(labels: { instance: string; roles: string }): Registry {
  const registry = new Registry();
  registry.setDefaultLabels(labels);
  collectDefaultMetrics({ register: registry, prefix: 'gramophone_' });
  return registry;
}
