import type { CapabilityContext } from '../capability/index.ts';
import type { RoleDefinition } from '../runtime/index.ts';

/**
 * The worker role: processes the durable jobs the capabilities bring (`worker.jobs`), and
 * keeps their schedules. Jobs are sent by any role or by a schedule; several workers share the
 * queue and each job completes once.
 */
export const workerRole: RoleDefinition = {
  name: 'worker',
  async start(context) {
    const { jobs, logger } = context;
    const capabilityContext: CapabilityContext = context;
    for (const capability of context.capabilities) {
      for (const job of capability.worker?.jobs ?? []) {
        const jobLogger = logger.child({ capability: capability.name, job: job.name });
        await jobs.work(
          job.name,
          (data, info) => job.run({ ...capabilityContext, logger: jobLogger }, data, info),
          job.options ?? {},
        );
        if (job.schedule) await jobs.schedule(job.name, job.schedule);
      }
    }
    return {
      // The job queue itself drains in-flight jobs when the infrastructure closes.
      stop: async () => {},
    };
  },
};
