import { createHash, randomBytes } from 'node:crypto';

/**
 * A PKCE pair (RFC 7636, S256): the verifier stays with us until the code exchange, the
 * challenge goes to /authorize. 64 random bytes make an 86-character verifier (43–128 allowed).
 */
export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(64).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier) };
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** An unguessable `state` tying the callback to the browser that started the link. */
export function createOAuthState(): string {
  return randomBytes(32).toString('base64url');
}
