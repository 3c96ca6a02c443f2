/**
 * The audio node's Lavalink v4 server: REST and websocket on one port, sessions with resuming,
 * players over the sources and the player engine, and the `gramophone_audio_*` metrics.
 */
export { exceptionOf } from './exceptions.ts';
export { EXPECTED_FRAMES_PER_MINUTE, FrameStatsWindow } from './frame-stats.ts';
export { AUDIO_NODE_VERSION, nodeInfo } from './node-info.ts';
export { type AudioServer, type AudioServerOptions, createAudioServer } from './server.ts';
export { DEFAULT_RESUME_TIMEOUT_S, Session } from './session.ts';
export { SessionRegistry } from './session-registry.ts';
export { WEBSOCKET_PATH } from './websocket.ts';
