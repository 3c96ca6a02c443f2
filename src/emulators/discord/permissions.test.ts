import { describe, expect, it } from 'vitest';
import {
  ALL_PERMISSIONS,
  basePermissions,
  channelPermissions,
  hasPermissions,
  missingPermissionNames,
  Permission,
  type PermissionGuild,
} from './permissions.ts';

const GUILD_ID = '100';
const DJ = '201';
const MUTED = '202';
const ADMIN = '203';

function guild(everyone: bigint): PermissionGuild {
  return {
    id: GUILD_ID,
    ownerId: '1',
    roles: new Map([
      [GUILD_ID, { permissions: everyone }],
      [DJ, { permissions: Permission.MANAGE_CHANNELS | Permission.MOVE_MEMBERS }],
      [MUTED, { permissions: 0n }],
      [ADMIN, { permissions: Permission.ADMINISTRATOR }],
    ]),
  };
}

const everyoneBasic =
  Permission.VIEW_CHANNEL | Permission.SEND_MESSAGES | Permission.CONNECT | Permission.SPEAK;

describe('basePermissions', () => {
  it('gives the owner every permission even when @everyone has none', () => {
    expect(basePermissions(guild(0n), { userId: '1', roleIds: [] })).toBe(ALL_PERMISSIONS);
  });

  it('adds role permissions to @everyone', () => {
    const perms = basePermissions(guild(everyoneBasic), { userId: '2', roleIds: [DJ] });
    expect(hasPermissions(perms, Permission.MANAGE_CHANNELS | Permission.SEND_MESSAGES)).toBe(true);
    expect(hasPermissions(perms, Permission.MANAGE_ROLES)).toBe(false);
  });

  it('turns ADMINISTRATOR into every permission', () => {
    expect(basePermissions(guild(0n), { userId: '2', roleIds: [ADMIN] })).toBe(ALL_PERMISSIONS);
  });

  it('keeps only view and history for a timed-out member', () => {
    const until = new Date(Date.now() + 60_000).toISOString();
    const perms = basePermissions(guild(everyoneBasic), {
      userId: '2',
      roleIds: [],
      communicationDisabledUntil: until,
    });
    expect(perms).toBe(Permission.VIEW_CHANNEL);
  });
});

describe('channelPermissions', () => {
  const member = { userId: '2', roleIds: [DJ, MUTED] };

  it('applies @everyone, then roles, then the member overwrite', () => {
    const channel = {
      type: 2,
      overwrites: [
        // @everyone may not connect here…
        { id: GUILD_ID, type: 0 as const, allow: 0n, deny: Permission.CONNECT | Permission.SPEAK },
        // …but DJs may connect, while MUTED is denied speaking…
        { id: DJ, type: 0 as const, allow: Permission.CONNECT | Permission.SPEAK, deny: 0n },
        { id: MUTED, type: 0 as const, allow: 0n, deny: Permission.SPEAK },
        // …and this member is explicitly allowed to speak again.
        { id: '2', type: 1 as const, allow: Permission.SPEAK, deny: 0n },
      ],
    };
    const perms = channelPermissions(guild(everyoneBasic), member, channel);
    expect(hasPermissions(perms, Permission.CONNECT)).toBe(true);
    expect(hasPermissions(perms, Permission.SPEAK)).toBe(true);

    // Role allow wins over role deny only through the allow being applied after the deny (same level):
    // both DJ allow SPEAK and MUTED deny SPEAK → allowed. Remove the member overwrite to see it.
    const withoutMember = { ...channel, overwrites: channel.overwrites.slice(0, 3) };
    expect(
      hasPermissions(channelPermissions(guild(everyoneBasic), member, withoutMember), Permission.SPEAK),
    ).toBe(true);
    const onlyMuted = { userId: '3', roleIds: [MUTED] };
    expect(
      hasPermissions(channelPermissions(guild(everyoneBasic), onlyMuted, channel), Permission.CONNECT),
    ).toBe(false);
  });

  it('lets a member deny override a role allow', () => {
    const channel = {
      type: 0,
      overwrites: [{ id: '2', type: 1 as const, allow: 0n, deny: Permission.SEND_MESSAGES }],
    };
    const perms = channelPermissions(guild(everyoneBasic | Permission.EMBED_LINKS), member, channel);
    expect(hasPermissions(perms, Permission.SEND_MESSAGES)).toBe(false);
    // Implicit: without SEND_MESSAGES in a text channel, EMBED_LINKS goes too.
    expect(hasPermissions(perms, Permission.EMBED_LINKS)).toBe(false);
  });

  it('removes everything when VIEW_CHANNEL is denied', () => {
    const channel = {
      type: 0,
      overwrites: [{ id: GUILD_ID, type: 0 as const, allow: 0n, deny: Permission.VIEW_CHANNEL }],
    };
    expect(channelPermissions(guild(everyoneBasic), member, channel)).toBe(0n);
  });

  it('lets owner and administrators bypass overwrites', () => {
    const channel = {
      type: 0,
      overwrites: [{ id: GUILD_ID, type: 0 as const, allow: 0n, deny: ALL_PERMISSIONS }],
    };
    expect(channelPermissions(guild(0n), { userId: '1', roleIds: [] }, channel)).toBe(ALL_PERMISSIONS);
    expect(channelPermissions(guild(0n), { userId: '5', roleIds: [ADMIN] }, channel)).toBe(ALL_PERMISSIONS);
  });

  it('names the missing bits', () => {
    expect(
      missingPermissionNames(Permission.VIEW_CHANNEL, Permission.VIEW_CHANNEL | Permission.MANAGE_ROLES),
    ).toEqual(['MANAGE_ROLES']);
  });
});
