/**
 * What the emulators of outside services share: an HTTP server that can go down and come back on
 * the same port (connection refused or 503) while its control API stays up, and the helpers for
 * their JSON bodies and control operations.
 */
export {
  type ControlOperation,
  OutageServer,
  readBody,
  sendJson,
  serveControl,
} from './outage-server.ts';
