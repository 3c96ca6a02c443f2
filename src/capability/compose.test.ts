import { pgTable, text } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import type { SlashCommand } from '../interactions/index.ts';
import { type AnyCapability, defineCapability } from './capability.ts';
import { CapabilityRegistryError, composeCapabilities, contributionsOf } from './compose.ts';

const command = (name: string): SlashCommand => ({
  name,
  definition: { name, description: name },
  execute: async () => {},
});
const capability = (name: string, extra: Partial<AnyCapability> = {}): AnyCapability =>
  defineCapability({ name, summary: name, ...extra });

describe('composeCapabilities', () => {
  it('starts each capability after the ones it needs, otherwise in the listed order', () => {
    const base = capability('base');
    const middle = capability('middle', { needs: [base] });
    const top = capability('top', { needs: [middle, base] });
    const lone = capability('lone');
    expect(composeCapabilities([top, lone, middle, base]).map((c) => c.name)).toEqual([
      'base',
      'middle',
      'top',
      'lone',
    ]);
  });

  it('refuses a need that is not registered, and a cycle', () => {
    const base = capability('base');
    expect(() => composeCapabilities([capability('top', { needs: [base] })])).toThrow(
      'capability top needs base, which is not registered',
    );
    const a = capability('a') as { -readonly [K in keyof AnyCapability]: AnyCapability[K] };
    const b = capability('b', { needs: [a] });
    a.needs = [b];
    expect(() => composeCapabilities([a, b])).toThrow(CapabilityRegistryError);
    expect(() => composeCapabilities([a, b])).toThrow('capabilities need each other: a → b → a');
  });

  it('refuses a name listed twice and two claims on one command, table, job or setting', () => {
    expect(() => composeCapabilities([capability('x'), capability('x')])).toThrow(
      'capability x is listed twice',
    );
    const claims = (extra: Partial<AnyCapability>) => [capability('one', extra), capability('two', extra)];
    expect(() => composeCapabilities(claims({ gateway: { commands: [command('ping')] } }))).toThrow(
      'command ping is claimed by both one and two',
    );
    const table = pgTable('things', { id: text('id') });
    expect(() => composeCapabilities(claims({ tables: { table } }))).toThrow('table things is claimed');
    const job = { name: 'tidy', run: async () => {} };
    expect(() => composeCapabilities(claims({ worker: { jobs: [job] } }))).toThrow('job tidy is claimed');
    expect(() => composeCapabilities(claims({ settings: ['language'] }))).toThrow(
      'setting language is claimed',
    );
  });
});

describe('contributionsOf', () => {
  it('names everything a capability brings', () => {
    const table = pgTable('things', { id: text('id') });
    const base = capability('base');
    expect(
      contributionsOf(
        capability('full', {
          needs: [base],
          tables: { table },
          settings: ['embedColor'],
          limits: { things: { default: 3, description: 'Things' } },
          gateway: {
            commands: [command('ping')],
            components: [{ prefix: 'pg', handle: async () => {} }],
          },
          api: { guildRoutes: () => async () => {} },
          worker: { jobs: [{ name: 'tidy', schedule: '0 * * * *', run: async () => {} }] },
        }),
      ),
    ).toEqual({
      name: 'full',
      needs: ['base'],
      commands: ['ping'],
      components: ['pg'],
      jobs: [{ name: 'tidy', schedule: '0 * * * *' }],
      tables: ['things'],
      settings: ['embedColor'],
      metrics: [],
      limits: ['things'],
      guildRoutes: true,
      userRoutes: false,
    });
  });
});
