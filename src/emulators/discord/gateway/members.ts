import type { z } from 'zod';
import type { World } from '../domain/world.ts';
import { Intent } from '../intents.ts';
import { serializeMember } from '../state/serialize.ts';
import type { MemberRecord } from '../state/types.ts';
import type { requestMembersSchema } from './protocol.ts';
import type { GatewaySession } from './session.ts';

const CHUNK_SIZE = 1000;

/**
 * Answers op 8 REQUEST_GUILD_MEMBERS with GUILD_MEMBERS_CHUNK dispatches (1000 members each). Listing
 * every member (empty query, limit 0) needs GUILD_MEMBERS; returns the close reason when refused.
 */
export function sendMemberChunks(
  world: World,
  session: GatewaySession,
  request: z.output<typeof requestMembersSchema>,
): string | null {
  const guildIds = Array.isArray(request.guild_id) ? request.guild_id : [request.guild_id];
  const userIds = request.user_ids === undefined ? null : [request.user_ids].flat();
  const listsAll = userIds === null && (request.query ?? '') === '' && request.limit === 0;
  if ((listsAll || userIds !== null) && (session.intents & Intent.GUILD_MEMBERS) === 0) {
    return 'Requesting members this way needs the GUILD_MEMBERS intent.';
  }
  for (const guildId of guildIds) {
    const guild = world.store.guilds.get(guildId);
    if (!guild?.members.has(session.botUserId)) continue;
    const query = (request.query ?? '').toLowerCase();
    let members: MemberRecord[];
    let notFound: string[] = [];
    if (userIds) {
      members = userIds.map((id) => guild.members.get(id)).filter((m): m is MemberRecord => m !== undefined);
      notFound = userIds.filter((id) => !guild.members.has(id));
    } else {
      members = [...guild.members.values()].filter((m) => matches(world, m, query));
      if (request.limit > 0) members = members.slice(0, request.limit);
    }
    const chunkCount = Math.max(1, Math.ceil(members.length / CHUNK_SIZE));
    for (let index = 0; index < chunkCount; index++) {
      const chunk = members.slice(index * CHUNK_SIZE, (index + 1) * CHUNK_SIZE);
      const payload = {
        guild_id: guild.id,
        members: chunk.map((m) => serializeMember(world.store, m)),
        chunk_index: index,
        chunk_count: chunkCount,
        ...(index === 0 && notFound.length > 0 ? { not_found: notFound } : {}),
        ...(request.presences ? { presences: [] } : {}),
        ...(request.nonce ? { nonce: request.nonce } : {}),
      };
      session.dispatch('GUILD_MEMBERS_CHUNK', JSON.stringify(payload));
    }
  }
  return null;
}

function matches(world: World, member: MemberRecord, query: string): boolean {
  if (query === '') return true;
  const user = world.store.users.get(member.userId);
  return [user?.username, user?.globalName, member.nick].some((name) =>
    name?.toLowerCase().startsWith(query),
  );
}
