export {
  type CheckResult,
  HealthRegistry,
  type ReadinessCheck,
  type ReadinessReport,
} from './health-registry.ts';
export { registerOpsRoutes } from './ops-routes.ts';
export { startOpsServer } from './ops-server.ts';
