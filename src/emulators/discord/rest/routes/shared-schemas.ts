import { z } from 'zod';
import { ApiErrors } from '../../errors.ts';
import { ALL_PERMISSIONS, parsePermissions } from '../../permissions.ts';
import type { OverwriteRecord } from '../../state/types.ts';

/** Permissions as Discord accepts them: a decimal string (or a number from older clients). */
export const permissionsSchema = z.union([z.string().regex(/^\d+$/), z.number().int().min(0)]);

export const overwriteSchema = z.looseObject({
  id: z.string(),
  type: z.union([z.literal(0), z.literal(1), z.literal('0'), z.literal('1')]),
  allow: permissionsSchema.nullish(),
  deny: permissionsSchema.nullish(),
});

export function toOverwrite(input: z.output<typeof overwriteSchema>): OverwriteRecord {
  return {
    id: input.id,
    type: Number(input.type) === 1 ? 1 : 0,
    allow: parsePermissions(input.allow) & ALL_PERMISSIONS,
    deny: parsePermissions(input.deny) & ALL_PERMISSIONS,
  };
}

/** A bot may only grant or deny bits it has itself (Discord's rule for roles and overwrites). */
export function requireOwnBits(botPermissions: bigint, ...bits: bigint[]): void {
  for (const set of bits) {
    if ((set & ~botPermissions) !== 0n) throw ApiErrors.missingPermissions();
  }
}
