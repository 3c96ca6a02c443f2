import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCronRequest } from '../../src/history/spotify-link/index.ts';
import { type PanelHarness, startPanel } from './support.ts';

const KEY = `${'k'.repeat(24)}0123456789abcdef`;

describe('POST /api/cron/archive', () => {
  let signed: PanelHarness;
  let unsigned: PanelHarness;

  beforeAll(async () => {
    signed = await startPanel({ kind: 'pglite', env: { CRON_SIGNING_KEY: KEY } });
    unsigned = await startPanel({ kind: 'pglite' });
  });
  afterAll(async () => {
    await signed?.close();
    await unsigned?.close();
  });

  const nowS = () => Math.floor(Date.now() / 1000);
  const call = (panel: PanelHarness, body: string, signature?: string) =>
    panel.app.inject({
      method: 'POST',
      url: '/api/cron/archive',
      headers: {
        'content-type': 'application/json',
        ...(signature ? { 'x-gramophone-signature': signature } : {}),
      },
      payload: body,
    });

  it('is not there without CRON_SIGNING_KEY', async () => {
    const response = await call(unsigned, '{}', signCronRequest(KEY, '{}', nowS()));
    expect(response.statusCode).toBe(404);
  });

  it('runs a round for a valid signature, once', async () => {
    const body = '{"reason":"external cron"}';
    const signature = signCronRequest(KEY, body, nowS());
    const first = await call(signed, body, signature);
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ due: 0, sent: 0 });
    const replayed = await call(signed, body, signature);
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json().message).toContain('replayed');
    // An empty body signs too.
    expect((await call(signed, '', signCronRequest(KEY, '', nowS()))).statusCode).toBe(202);
  });

  it('refuses a missing, malformed, stale, wrongly keyed or tampered signature', async () => {
    const body = '{}';
    const refusals: [string | undefined, string, string][] = [
      [undefined, body, 'missing'],
      ['t=abc,v1=00', body, 'malformed'],
      [signCronRequest(KEY, body, nowS() - 6 * 60), body, 'stale'],
      [signCronRequest(KEY, body, nowS() + 6 * 60), body, 'stale'],
      [signCronRequest(`${KEY}x`, body, nowS()), body, 'mismatch'],
      [signCronRequest(KEY, body, nowS()), '{"tampered":true}', 'mismatch'],
    ];
    for (const [signature, sent, verdict] of refusals) {
      const response = await call(signed, sent, signature);
      expect(response.statusCode, verdict).toBe(401);
      expect(response.json()).toMatchObject({ error: 'BAD_SIGNATURE' });
      expect(response.json().message).toContain(verdict);
    }
  });
});
