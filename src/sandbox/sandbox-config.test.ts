import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/index.ts';
import type { EmulatorDescription } from '../emulators/discord/index.ts';
import {
  isLoopbackListenHost,
  sandboxConfig,
  sandboxNeedsVoiceTrust,
  sandboxRemoteExposure,
  sandboxWanted,
} from './sandbox-config.ts';

function anEmulator(overrides: Partial<EmulatorDescription> = {}): EmulatorDescription {
  const base = 'http://127.0.0.1:3010';
  return {
    apiUrl: `${base}/api`,
    gatewayUrl: 'ws://127.0.0.1:3010/gateway',
    oauthUrl: `${base}/oauth2/authorize`,
    controlUrl: `${base}/control`,
    token: 'emulator-bot-token-0123456789',
    applicationId: '1574418115348004864',
    clientSecret: 'emulator-client-secret',
    botUserId: '1574418115348004864',
    ...overrides,
  };
}

describe('sandboxConfig', () => {
  it('points the bot and panel login at the emulator when the Discord variables are unset', () => {
    const emulator = anEmulator();
    const { config, kept } = sandboxConfig(parseConfig({}), emulator);
    expect(config).toMatchObject({
      DISCORD_TOKEN: emulator.token,
      DISCORD_API_URL: emulator.apiUrl,
      DISCORD_CLIENT_ID: emulator.applicationId,
      DISCORD_CLIENT_SECRET: emulator.clientSecret,
      DISCORD_OAUTH_AUTHORIZE_URL: emulator.oauthUrl,
    });
    expect(kept).toEqual([]);
  });

  it('keeps the values the operator set and names them', () => {
    const operator = parseConfig({
      DISCORD_API_URL: 'http://127.0.0.1:4010/api',
      DISCORD_CLIENT_ID: '123456789012345678',
    });
    const emulator = anEmulator();
    const { config, kept } = sandboxConfig(operator, emulator);
    expect(config.DISCORD_API_URL).toBe('http://127.0.0.1:4010/api');
    expect(config.DISCORD_CLIENT_ID).toBe('123456789012345678');
    expect(config.DISCORD_CLIENT_SECRET).toBe(emulator.clientSecret);
    expect(config.DISCORD_OAUTH_AUTHORIZE_URL).toBe(emulator.oauthUrl);
    expect(kept.sort()).toEqual(['DISCORD_API_URL', 'DISCORD_CLIENT_ID']);
  });

  it('leaves the configuration it was given unchanged', () => {
    const operator = parseConfig({});
    sandboxConfig(operator, anEmulator());
    expect(operator.DISCORD_TOKEN).toBeUndefined();
    expect(operator.DISCORD_API_URL).toBe('https://discord.com/api');
  });
});

describe('when the sandbox runs', () => {
  const noToken = parseConfig({});
  const withToken = parseConfig({ DISCORD_TOKEN: 'a-real-looking-bot-token-0123456789' });

  it('runs for a process with the gateway role and no DISCORD_TOKEN', () => {
    expect(sandboxWanted(noToken, ['audio', 'worker', 'gateway', 'api'])).toBe(true);
    expect(sandboxWanted(noToken, ['gateway'])).toBe(true);
    expect(sandboxWanted(noToken, ['api'])).toBe(false);
    expect(sandboxWanted(withToken, ['gateway'])).toBe(false);
  });

  it('needs the voice CA trusted only where the audio node runs alongside the bot', () => {
    expect(sandboxNeedsVoiceTrust(noToken, ['audio', 'worker', 'gateway', 'api'])).toBe(true);
    expect(sandboxNeedsVoiceTrust(noToken, ['gateway'])).toBe(false);
    expect(sandboxNeedsVoiceTrust(withToken, ['audio', 'gateway'])).toBe(false);
  });
});

describe('sandboxRemoteExposure', () => {
  const all = ['audio', 'worker', 'gateway', 'api'] as const;

  it('refuses the sandbox on a non-loopback HOST, naming HOST and the opt-in', () => {
    for (const HOST of ['0.0.0.0', '::', '192.168.1.20', 'gramophone.lan']) {
      const exposure = sandboxRemoteExposure(parseConfig({ HOST }), all);
      expect(exposure?.verdict, HOST).toBe('refused');
      expect(exposure?.message).toContain(`HOST=${HOST}`);
      expect(exposure?.message).toContain('SANDBOX_ALLOW_REMOTE=true');
    }
  });

  it('allows it with SANDBOX_ALLOW_REMOTE=true, and says nothing on loopback, with a token or without the api', () => {
    expect(
      sandboxRemoteExposure(parseConfig({ HOST: '0.0.0.0', SANDBOX_ALLOW_REMOTE: 'true' }), all)?.verdict,
    ).toBe('allowed');
    for (const HOST of ['127.0.0.1', '127.0.1.1', '::1', '[::1]', 'localhost']) {
      expect(sandboxRemoteExposure(parseConfig({ HOST }), all), HOST).toBeNull();
    }
    expect(
      sandboxRemoteExposure(parseConfig({ HOST: '0.0.0.0', DISCORD_TOKEN: 'a'.repeat(60) }), all),
    ).toBeNull();
    expect(sandboxRemoteExposure(parseConfig({ HOST: '0.0.0.0' }), ['gateway'])).toBeNull();
    expect(isLoopbackListenHost('127.0.0.1.evil')).toBe(false);
  });
});
