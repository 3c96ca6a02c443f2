export { type CreateBusOptions, createBus } from './create-bus.ts';
export { busChannels, DEFAULT_KEY_PREFIX, keyPrefixSchema } from './envelope.ts';
export {
  BusCommandError,
  BusError,
  BusNoHandlerError,
  BusPayloadError,
  BusTimeoutError,
  BusUnavailableError,
  INTERNAL_ERROR_CODE,
} from './errors.ts';
export { MemoryBusHub } from './memory-bus.ts';
export type {
  Bus,
  BusEvent,
  CommandContext,
  CommandHandler,
  EventHandler,
  RequestOptions,
  Unsubscribe,
} from './types.ts';
