import { silentLogger } from '../../../logging/index.ts';
import { EmulatorStore } from '../state/store.ts';
import { PlaceholderVoiceServer } from '../voice-port.ts';
import type { DispatchEvent, World, WorldLimits } from './world.ts';

/** A world whose dispatches are recorded instead of sent, for unit tests of the domain layer. */
export function recordingWorld(limits: Partial<WorldLimits> = {}): {
  world: World;
  dispatched: DispatchEvent[];
} {
  const dispatched: DispatchEvent[] = [];
  const world: World = {
    store: new EmulatorStore(),
    sink: { dispatch: (event) => dispatched.push(event) },
    voice: new PlaceholderVoiceServer(),
    limits: {
      channelRenames: { count: 2, windowMs: 600_000 },
      maxUploadBytes: 10 * 1024 * 1024,
      interactionAckMs: 3_000,
      interactionTokenMs: 900_000,
      ...limits,
    },
    logger: silentLogger(),
    baseUrl: () => 'http://emulator.test',
  };
  return { world, dispatched };
}
