import { describe, expect, it } from 'vitest';
import { type AccessContext, isDj, requireDj, requireSameChannel, votesNeeded } from './access.ts';
import { MusicError } from './music-error.ts';

const VOICE = '300000000000000001';
const DJ_ROLE = '400000000000000001';

function aContext(
  overrides: Partial<AccessContext['actor']> = {},
  rest: Partial<Omit<AccessContext, 'actor'>> = {},
): AccessContext {
  return {
    actor: { userId: 'u1', voiceChannelId: VOICE, roleIds: [], canManageGuild: false, ...overrides },
    djRoleId: DJ_ROLE,
    playerChannelId: VOICE,
    listenerIds: ['u1', 'u2', 'u3'],
    ...rest,
  };
}

const codeOf = (fn: () => void) => {
  try {
    fn();
    return null;
  } catch (error) {
    return (error as MusicError).code;
  }
};

describe('music access rules', () => {
  it('makes DJs of the DJ role, guild managers, everyone when no DJ role is set, and a lone listener', () => {
    expect(isDj(aContext())).toBe(false);
    expect(isDj(aContext({ roleIds: [DJ_ROLE] }))).toBe(true);
    expect(isDj(aContext({ canManageGuild: true }))).toBe(true);
    expect(isDj(aContext({}, { djRoleId: null }))).toBe(true);
    expect(isDj(aContext({}, { listenerIds: ['u1'] }))).toBe(true);
    expect(codeOf(() => requireDj(aContext()))).toBe('DJ_ONLY');
  });

  it('wants the user in the player’s channel', () => {
    expect(codeOf(() => requireSameChannel(aContext({ voiceChannelId: null })))).toBe('NOT_IN_VOICE');
    expect(codeOf(() => requireSameChannel(aContext({ voiceChannelId: '300000000000000002' })))).toBe(
      'NOT_SAME_VOICE',
    );
    expect(codeOf(() => requireSameChannel(aContext()))).toBeNull();
    // With no player yet, any voice channel will do: the bot joins it.
    expect(
      codeOf(() =>
        requireSameChannel(aContext({ voiceChannelId: '300000000000000002' }, { playerChannelId: null })),
      ),
    ).toBeNull();
    // Managers may steer from the panel without being in voice.
    expect(
      codeOf(() => requireSameChannel(aContext({ voiceChannelId: null, canManageGuild: true }))),
    ).toBeNull();
  });

  it('counts votes needed as a share of the listeners, at least one', () => {
    expect(votesNeeded(3, 0.5)).toBe(2);
    expect(votesNeeded(4, 0.5)).toBe(2);
    expect(votesNeeded(1, 0.5)).toBe(1);
    expect(votesNeeded(0, 0.5)).toBe(1);
    expect(votesNeeded(10, 1)).toBe(10);
  });

  it('raises refusals as MusicErrors', () => {
    expect(() => requireDj(aContext())).toThrow(MusicError);
  });
});
