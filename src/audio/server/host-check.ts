/** Names a browser uses for this machine: a page may only reach a loopback node under these. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

/** Whether an address to listen on is loopback-only (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

/**
 * A check of the `Host` header against loopback names and the configured ones. It stops DNS
 * rebinding: a web page whose name is re-pointed at 127.0.0.1 reaches the node with its own name
 * as Host. The server applies it only when it listens on loopback — a remote node is dialled by
 * Lavalink clients under whatever name or address the operator gave them, which it cannot know.
 */
export function hostCheck(extraNames: readonly string[]): (hostHeader: string | undefined) => boolean {
  const allowed = new Set([...LOOPBACK_NAMES, ...extraNames.map((name) => name.toLowerCase())]);
  return (hostHeader) => {
    if (!hostHeader) return false;
    const name = hostHeader
      .trim()
      .toLowerCase()
      .replace(/:\d+$/, '')
      .replace(/^\[(.*)\]$/, '$1')
      .replace(/\.$/, '');
    return allowed.has(name) || /^127(\.\d{1,3}){3}$/.test(name) || name.endsWith('.localhost');
  };
}
