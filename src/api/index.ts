export { apiRole } from './api-role.ts';
export { ApiError, type ApiErrorBody } from './errors.ts';
export { buildApiServer } from './server.ts';
