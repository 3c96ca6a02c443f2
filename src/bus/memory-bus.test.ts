import { silentLogger } from '../logging/index.ts';
import { defineBusContract } from './bus-contract.ts';
import { busChannels, DEFAULT_KEY_PREFIX } from './envelope.ts';
import { createMemoryBus, MemoryBusHub } from './memory-bus.ts';

defineBusContract('memory', async () => {
  const hub = new MemoryBusHub();
  const channels = busChannels(DEFAULT_KEY_PREFIX);
  return {
    connect: (instanceId, options) =>
      createMemoryBus({
        hub,
        instanceId,
        logger: options?.logger ?? silentLogger(),
        commandTimeoutMs: options?.commandTimeoutMs ?? 2000,
      }),
    publishRaw: async (channel, message) => void hub.publish(channel, message),
    eventChannel: (topic) => channels.event(topic),
    close: async () => {},
  };
});
