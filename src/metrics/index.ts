export { createMetricsRegistry, Registry } from './registry.ts';
