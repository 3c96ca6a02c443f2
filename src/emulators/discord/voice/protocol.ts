import { z } from 'zod';

/** Voice gateway v8 opcodes this emulator speaks (Discord numbering). */
export const VoiceOpcode = {
  Identify: 0,
  SelectProtocol: 1,
  Ready: 2,
  Heartbeat: 3,
  SessionDescription: 4,
  Speaking: 5,
  HeartbeatAck: 6,
  Resume: 7,
  Hello: 8,
  Resumed: 9,
} as const;

/** Voice gateway close codes (Discord numbering) used by the emulator. */
export const VoiceCloseCode = {
  UnknownOpcode: 4001,
  FailedToDecode: 4002,
  NotAuthenticated: 4003,
  AuthenticationFailed: 4004,
  AlreadyAuthenticated: 4005,
  SessionNoLongerValid: 4006,
  SessionTimeout: 4009,
  UnknownProtocol: 4012,
  Disconnected: 4014,
  UnknownEncryptionMode: 4016,
} as const;

/** Transport encryption modes still accepted by Discord (the xsalsa20 ones are gone). */
export const ENCRYPTION_MODES = ['aead_aes256_gcm_rtpsize', 'aead_xchacha20_poly1305_rtpsize'] as const;
export type EncryptionMode = (typeof ENCRYPTION_MODES)[number];
export const encryptionModeSchema = z.enum(ENCRYPTION_MODES);

const snowflake = z.string().regex(/^\d{1,20}$/, 'expected a snowflake (decimal digits)');

/** Client → server payloads, validated before the session acts on them. */
export const identifySchema = z.object({
  server_id: snowflake,
  user_id: snowflake,
  session_id: z.string().min(1),
  token: z.string().min(1),
  max_dave_protocol_version: z.number().int().min(0).optional(),
});

export const selectProtocolSchema = z.object({
  protocol: z.string(),
  data: z.object({
    address: z.string(),
    port: z.number().int().min(0).max(65535),
    mode: z.string(),
  }),
});

export const heartbeatSchema = z.object({
  t: z.number(),
  seq_ack: z.number().int().optional(),
});

export const speakingSchema = z.object({
  speaking: z.number().int().min(0),
  delay: z.number().optional(),
  ssrc: z.number().int().min(0).max(0xffffffff),
});

export const resumeSchema = z.object({
  server_id: snowflake,
  session_id: z.string().min(1),
  token: z.string().min(1),
  seq_ack: z.number().int().optional(),
});

/** The envelope of every JSON message from the client. */
export const clientMessageSchema = z.object({
  op: z.number().int(),
  d: z.unknown(),
});

/** A JSON message from the server; `seq` is present on messages that buffered resume may replay. */
export interface ServerMessage {
  op: number;
  d: unknown;
  seq?: number;
}
