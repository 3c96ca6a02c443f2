export { workerRole } from './worker-role.ts';
