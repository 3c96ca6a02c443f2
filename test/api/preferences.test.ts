import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.ts';
import { logIn, type PanelHarness, startPanel } from './support.ts';

describe.each(databaseKinds())('the dashboard language in the user’s profile (%s)', (kind) => {
  let panel: PanelHarness;
  let ownerId: string;
  let aliceId: string;

  beforeAll(async () => {
    panel = await startPanel({ kind });
    ownerId = panel.emulator.demo!.ownerId;
    aliceId = panel.emulator.demo!.memberIds[0]!;
  });
  afterAll(async () => {
    await panel?.close();
  });

  it('has no saved language before the user chooses one', async () => {
    const browser = await logIn(panel, aliceId);
    const me = await browser.request({ method: 'GET', url: '/api/auth/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { id: aliceId }, locale: null });
  });

  it('saves the language, and a new login (another browser) brings it back', async () => {
    const browser = await logIn(panel, ownerId);
    const saved = await browser.request({
      method: 'PUT',
      url: '/api/auth/preferences',
      payload: { locale: 'de' },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({ locale: 'de' });
    expect((await browser.request({ method: 'GET', url: '/api/auth/me' })).json().locale).toBe('de');

    // The login refreshes the profile from Discord (its locale is en-US), but not the choice.
    const elsewhere = await logIn(panel, ownerId, 'Another browser');
    expect((await elsewhere.request({ method: 'GET', url: '/api/auth/me' })).json().locale).toBe('de');
    const { rows } = await panel.database.query<{ locale: string; panel_locale: string }>(
      'SELECT locale, panel_locale FROM users WHERE id = $1',
      [ownerId],
    );
    expect(rows).toEqual([{ locale: 'en-US', panel_locale: 'de' }]);

    // Another user's choice is their own.
    const alice = await logIn(panel, aliceId);
    expect((await alice.request({ method: 'GET', url: '/api/auth/me' })).json().locale).toBeNull();

    const changed = await elsewhere.request({
      method: 'PUT',
      url: '/api/auth/preferences',
      payload: { locale: 'fr' },
    });
    expect(changed.statusCode).toBe(200);
    expect((await browser.request({ method: 'GET', url: '/api/auth/me' })).json().locale).toBe('fr');
  });

  it('refuses a language it doesn’t speak, a missing one and unknown fields, naming each path', async () => {
    const browser = await logIn(panel, aliceId);
    for (const [payload, paths] of [
      [{ locale: 'it' }, ['locale']],
      [{ locale: 'DE' }, ['locale']],
      [{}, ['locale']],
      [{ locale: 'de', theme: 'dark' }, ['theme']],
    ] as const) {
      const response = await browser.request({ method: 'PUT', url: '/api/auth/preferences', payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error).toBe('VALIDATION_FAILED');
      expect(response.json().details.map((d: { path: string }) => d.path)).toEqual(paths);
    }
    expect((await browser.request({ method: 'GET', url: '/api/auth/me' })).json().locale).toBeNull();
  });

  it('refuses the change without the session’s CSRF token, and anonymous callers', async () => {
    const browser = await logIn(panel, aliceId);
    for (const headers of [{}, { 'x-csrf-token': 'wrong' }]) {
      const response = await panel.app.inject({
        method: 'PUT',
        url: '/api/auth/preferences',
        headers: { cookie: browser.cookie, ...headers },
        payload: { locale: 'es' },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().error).toBe('CSRF_FAILED');
    }
    const anonymous = await panel.app.inject({
      method: 'PUT',
      url: '/api/auth/preferences',
      payload: { locale: 'es' },
    });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error).toBe('UNAUTHENTICATED');
    expect((await browser.request({ method: 'GET', url: '/api/auth/me' })).json().locale).toBeNull();
  });

  it('is in the OpenAPI document', async () => {
    const document = (await panel.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(document.paths['/api/auth/preferences'].put).toBeDefined();
    expect(document.paths['/api/auth/me'].get.responses['200']).toBeDefined();
  });
});
