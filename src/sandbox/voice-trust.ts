import { connect } from 'node:tls';

/** Whether this process trusts a TLS endpoint's certificate, and why not when it doesn't. */
export type TrustCheck = { trusted: true } | { trusted: false; reason: string };

/**
 * Completes one TLS handshake with `endpoint` (`host:port`, as VOICE_SERVER_UPDATE carries it)
 * using the process's normal trust store, the way @discordjs/voice will dial it. Verification
 * stays on: the point is to learn, before a user joins a channel, whether it would fail.
 */
export function checkVoiceTrust(endpoint: string, timeoutMs = 3_000): Promise<TrustCheck> {
  const separator = endpoint.lastIndexOf(':');
  const host = endpoint.slice(0, separator);
  const port = Number(endpoint.slice(separator + 1));
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const finish = (result: TrustCheck) => {
      socket.destroy();
      resolve(result);
    };
    socket.once('secureConnect', () =>
      finish(
        socket.authorized
          ? { trusted: true }
          : { trusted: false, reason: String(socket.authorizationError ?? 'not authorized') },
      ),
    );
    socket.once('error', (error) => finish({ trusted: false, reason: error.message }));
    socket.once('timeout', () =>
      finish({ trusted: false, reason: `no TLS handshake within ${timeoutMs} ms` }),
    );
  });
}
