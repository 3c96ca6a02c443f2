import { expect } from 'vitest';

/** A browser's cookies and CSRF token after logging in. */
export interface PanelBrowser {
  cookie: string;
  csrfToken: string;
}

/** Logs in to the panel at `base` as a browser does: our login route, the emulator's consent (`login_as`), our callback. */
export async function logIn(base: string, userId: string): Promise<PanelBrowser> {
  const cookieOf = (response: Response, name: string) =>
    response.headers
      .getSetCookie()
      .map((line) => line.split(';')[0] as string)
      .find((pair) => pair.startsWith(`${name}=`));
  const start = await fetch(`${base}/api/auth/discord/login`, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const state = cookieOf(start, 'gramophone_oauth_state');
  const authorize = new URL(start.headers.get('location') ?? '');
  authorize.searchParams.set('login_as', userId);
  const consent = await fetch(authorize, { redirect: 'manual' });
  expect(consent.status).toBe(302);
  const callback = new URL(consent.headers.get('location') ?? '');
  expect(callback.origin).toBe(base);
  const done = await fetch(callback, { redirect: 'manual', headers: { cookie: state ?? '' } });
  expect(done.status).toBe(302);
  expect(done.headers.get('location')).toBe('/');
  const session = cookieOf(done, 'gramophone_session');
  if (!session) throw new Error('no session cookie after the callback');
  const me = await fetch(`${base}/api/auth/me`, { headers: { cookie: session } });
  expect(me.status).toBe(200);
  const { user, csrfToken } = (await me.json()) as { user: { id: string }; csrfToken: string };
  expect(user.id).toBe(userId);
  return { cookie: session, csrfToken };
}
