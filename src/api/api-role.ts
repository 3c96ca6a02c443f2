import type { AddressInfo } from 'node:net';
import type { RoleDefinition } from '../runtime/index.ts';
import { buildApiServer } from './server.ts';

/** The api role: the control panel's REST API and the dashboard, on HOST:PORT (0: any free port). */
export const apiRole: RoleDefinition = {
  name: 'api',
  async start(context) {
    const limits = context.config.API_RATE_LIMITS;
    const app = buildApiServer(context, limits ? { rateLimits: limits } : {});
    await app.listen({ host: context.config.HOST, port: context.config.PORT });
    return {
      ports: { PORT: (app.server.address() as AddressInfo).port },
      // close() stops accepting connections and waits for requests in flight to finish.
      stop: () => app.close(),
    };
  },
};
