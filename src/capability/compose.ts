import { getTableName } from 'drizzle-orm';
import type { AnyCapability } from './capability.ts';

/** A registry that can't be composed: a clash, a missing or circular need. */
export class CapabilityRegistryError extends Error {
  override readonly name = 'CapabilityRegistryError';
}

/** What one capability contributes, by name: the contributions test compares these. */
export interface Contributions {
  name: string;
  needs: string[];
  commands: string[];
  components: string[];
  jobs: { name: string; schedule: string | null }[];
  tables: string[];
  settings: string[];
  metrics: string[];
  limits: string[];
  /** Whether it brings routes under `/api/guilds/:guildId` (the api role lists them once built). */
  guildRoutes: boolean;
  /** Whether it brings routes under `/api/me` (the user's own, whatever the guild). */
  userRoutes: boolean;
}

export function contributionsOf(capability: AnyCapability): Contributions {
  return {
    name: capability.name,
    needs: (capability.needs ?? []).map((need) => need.name),
    commands: (capability.gateway?.commands ?? []).map((command) => command.name),
    components: (capability.gateway?.components ?? []).map((component) => component.prefix),
    jobs: (capability.worker?.jobs ?? []).map((job) => ({ name: job.name, schedule: job.schedule ?? null })),
    tables: Object.values(capability.tables ?? {}).map((table) => getTableName(table)),
    settings: [...(capability.settings ?? [])],
    metrics: [...(capability.metrics ?? [])],
    limits: Object.keys(capability.limits ?? {}),
    guildRoutes: capability.api?.guildRoutes !== undefined,
    userRoutes: capability.api?.userRoutes !== undefined,
  };
}

/**
 * The capabilities in the order they start: each after the ones it needs, otherwise as
 * listed. Refuses duplicate names, a need that is not in the list, a cycle, and two
 * capabilities claiming the same command, component prefix, job, table or setting — a
 * forgotten or doubled registration fails at start, not at the first interaction.
 */
export function composeCapabilities(list: readonly AnyCapability[]): AnyCapability[] {
  const byName = new Map<string, AnyCapability>();
  for (const capability of list) {
    if (byName.has(capability.name))
      throw new CapabilityRegistryError(`capability ${capability.name} is listed twice`);
    byName.set(capability.name, capability);
  }
  assertNoClashes(list);
  const ordered: AnyCapability[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (capability: AnyCapability, path: string[]) => {
    const seen = state.get(capability.name);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      throw new CapabilityRegistryError(
        `capabilities need each other: ${[...path, capability.name].join(' → ')}`,
      );
    }
    state.set(capability.name, 'visiting');
    for (const need of capability.needs ?? []) {
      if (byName.get(need.name) !== need) {
        throw new CapabilityRegistryError(
          `capability ${capability.name} needs ${need.name}, which is not registered`,
        );
      }
      visit(need, [...path, capability.name]);
    }
    state.set(capability.name, 'done');
    ordered.push(capability);
  };
  for (const capability of list) visit(capability, []);
  return ordered;
}

function assertNoClashes(list: readonly AnyCapability[]): void {
  const kinds: [string, (c: ReturnType<typeof contributionsOf>) => string[]][] = [
    ['command', (c) => c.commands],
    ['component prefix', (c) => c.components],
    ['job', (c) => c.jobs.map((job) => job.name)],
    ['table', (c) => c.tables],
    ['setting', (c) => c.settings],
    ['limit', (c) => c.limits],
  ];
  const contributions = list.map(contributionsOf);
  for (const [kind, names] of kinds) {
    const owner = new Map<string, string>();
    for (const contribution of contributions) {
      for (const name of names(contribution)) {
        const other = owner.get(name);
        if (other !== undefined) {
          throw new CapabilityRegistryError(
            `${kind} ${name} is claimed by both ${other} and ${contribution.name}`,
          );
        }
        owner.set(name, contribution.name);
      }
    }
  }
}
