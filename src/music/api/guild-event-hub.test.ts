import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../../../test/support/eventually.ts';
import { type Bus, createBus, MemoryBusHub } from '../../bus/index.ts';
import { silentLogger } from '../../logging/index.ts';
import { MUSIC_QUEUE_TOPIC, type MusicQueueEvent, type QueueSnapshot } from '../index.ts';
import { type EventStreamClient, GuildEventHub, type GuildEventHubOptions } from './guild-event-hub.ts';

const GUILD = '300000000000000001';
const OTHER_GUILD = '300000000000000002';

function anEmptyQueue(guildId: string): QueueSnapshot {
  return {
    guildId,
    voiceChannelId: null,
    textChannelId: null,
    current: null,
    positionMs: 0,
    upcoming: [],
    history: [],
    paused: false,
    loop: 'off',
    volume: 100,
    filterPreset: null,
    autoplay: false,
  };
}

/** A client that keeps what it was sent, parsed back into events. */
function aClient() {
  const frames: string[] = [];
  let ended = false;
  const client: EventStreamClient = {
    send: (frame) => void frames.push(frame),
    end: () => {
      ended = true;
    },
  };
  const events = () =>
    frames.map((frame) => {
      const [, id, event, data] = /^id: (.*)\nevent: (.*)\ndata: (.*)\n\n$/.exec(frame) ?? [];
      return { id: id as string, event: event as string, data: JSON.parse(data ?? 'null') };
    });
  return { client, events, ended: () => ended };
}

describe('GuildEventHub', () => {
  let hub: MemoryBusHub;
  let api: Bus;
  let gateway: Bus;
  let events: GuildEventHub;
  let clock: number;

  beforeEach(async () => {
    hub = new MemoryBusHub();
    const options = { logger: silentLogger(), commandTimeoutMs: 1_000, memoryHub: hub };
    api = await createBus({ ...options, instanceId: 'api' });
    gateway = await createBus({ ...options, instanceId: 'gateway' });
    clock = 1_000_000;
  });
  afterEach(async () => {
    await events?.close();
    await api.close();
    await gateway.close();
  });

  const start = (options: Partial<GuildEventHubOptions> = {}) => {
    events = new GuildEventHub(api, silentLogger(), { now: () => clock, ...options });
    return events;
  };
  const publish = (guildId: string, cause: string) =>
    gateway.publish(MUSIC_QUEUE_TOPIC, {
      guildId,
      cause,
      snapshot: anEmptyQueue(guildId),
    } satisfies MusicQueueEvent);

  it('sends a guild’s clients its events, in order, with growing ids', async () => {
    start();
    const alice = aClient();
    const bob = aClient();
    await events.join(GUILD, undefined, alice.client);
    await events.join(GUILD, undefined, bob.client);
    await publish(OTHER_GUILD, 'not-ours');
    await publish(GUILD, 'first');
    await publish(GUILD, 'second');
    await eventually(() => expect(alice.events()).toHaveLength(3));
    expect(alice.events().map((e) => e.event)).toEqual(['ready', 'queue', 'queue']);
    expect(
      alice
        .events()
        .slice(1)
        .map((e) => e.data.cause),
    ).toEqual(['first', 'second']);
    const [first, second] = alice
      .events()
      .slice(1)
      .map((e) => Number(e.id.split('-')[1]));
    expect(second).toBe((first as number) + 1);
    expect(bob.events().slice(1)).toEqual(alice.events().slice(1));
  });

  it('forgets events older than the age limit: a client that saw none of the kept ones must resync', async () => {
    start({ maxAgeMs: 60_000 });
    const watcher = aClient();
    await events.join(GUILD, undefined, watcher.client);
    await publish(GUILD, 'old');
    await eventually(() => expect(watcher.events()).toHaveLength(2));
    const lastSeen = watcher.events()[1]?.id;
    await publish(GUILD, 'missed');
    await eventually(() => expect(watcher.events()).toHaveLength(3));
    clock += 61_000;
    const late = aClient();
    await events.join(GUILD, lastSeen, late.client);
    expect(late.events()).toMatchObject([{ event: 'resync', data: { reason: 'events-dropped' } }]);
  });

  it('subscribes to the bus while a guild is watched, and drops it when the last client has gone', async () => {
    start({ lingerMs: 20 });
    expect(events.stats()).toEqual({ guilds: 0, clients: 0, subscribed: false });
    const alice = aClient();
    const bob = aClient();
    const aliceLeaves = await events.join(GUILD, undefined, alice.client);
    const bobLeaves = await events.join(OTHER_GUILD, undefined, bob.client);
    expect(events.stats()).toEqual({ guilds: 2, clients: 2, subscribed: true });
    aliceLeaves();
    await eventually(() => expect(events.stats()).toEqual({ guilds: 1, clients: 1, subscribed: true }));
    bobLeaves();
    await eventually(() => expect(events.stats()).toEqual({ guilds: 0, clients: 0, subscribed: false }));
    // Really unsubscribed: a new watcher of the guild starts afresh and still gets events.
    await publish(GUILD, 'unheard');
    const carol = aClient();
    await events.join(GUILD, undefined, carol.client);
    await publish(GUILD, 'heard');
    await eventually(() =>
      expect(carol.events().map((e) => e.data.cause ?? e.event)).toEqual(['ready', 'heard']),
    );
  });

  it('keeps a guild’s events for a client that comes back within the linger time', async () => {
    start({ lingerMs: 60_000 });
    const alice = aClient();
    const leave = await events.join(GUILD, undefined, alice.client);
    const readyId = alice.events()[0]?.id;
    leave();
    await publish(GUILD, 'while-away');
    // A second guild's watcher proves the bus delivered (it follows the same subscription).
    const probe = aClient();
    await events.join(OTHER_GUILD, undefined, probe.client);
    await publish(OTHER_GUILD, 'probe');
    await eventually(() => expect(probe.events()).toHaveLength(2));
    const back = aClient();
    await events.join(GUILD, readyId, back.client);
    expect(back.events().map((e) => e.data.cause)).toEqual(['while-away']);
  });

  it('ignores malformed bus events instead of passing them on', async () => {
    start();
    const alice = aClient();
    await events.join(GUILD, undefined, alice.client);
    await gateway.publish(MUSIC_QUEUE_TOPIC, { guildId: GUILD, cause: 'broken' });
    await publish(GUILD, 'fine');
    await eventually(() => expect(alice.events()).toHaveLength(2));
    expect(alice.events()[1]?.data.cause).toBe('fine');
  });

  it('ends every stream on close and refuses new ones with 503', async () => {
    start();
    const alice = aClient();
    await events.join(GUILD, undefined, alice.client);
    await events.close();
    expect(alice.ended()).toBe(true);
    expect(events.stats().subscribed).toBe(false);
    await expect(events.join(GUILD, undefined, aClient().client)).rejects.toMatchObject({
      statusCode: 503,
      code: 'EVENTS_UNAVAILABLE',
    });
  });
});
