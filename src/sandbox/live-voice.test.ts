import OpusScript from 'opusscript';
import { describe, expect, it } from 'vitest';
import type { VoiceAudioPacket, VoiceServer } from '../emulators/discord/voice/index.ts';
import { silentLogger } from '../logging/index.ts';
import { LiveVoiceTap } from './live-voice.ts';

/** A voice server that only delivers packets the test sends. */
function fakeVoice() {
  const listeners = new Set<(packet: VoiceAudioPacket) => void>();
  const voice = {
    onAudio(listener: (packet: VoiceAudioPacket) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getStats: () => undefined,
  } as unknown as VoiceServer;
  const encoder = new OpusScript(48_000, 2, OpusScript.Application.AUDIO);
  const send = (packet: Partial<VoiceAudioPacket> & { sequence: number }) => {
    const pcm = Buffer.alloc(960 * 4);
    for (let i = 0; i < 960; i += 1) {
      const value = Math.round(10_000 * Math.sin((2 * Math.PI * 440 * (packet.sequence * 960 + i)) / 48_000));
      pcm.writeInt16LE(value, i * 4);
      pcm.writeInt16LE(value, i * 4 + 2);
    }
    const base = { guildId: 'g1', channelId: 'c1', userId: 'bot', ssrc: 1, timestamp: packet.sequence * 960 };
    const full = { ...base, ...packet, opus: Buffer.from(encoder.encode(pcm, 960)) };
    for (const listener of listeners) listener(full);
  };
  return { voice, send, listeners: () => listeners.size, close: () => encoder.delete() };
}

describe('LiveVoiceTap', () => {
  it('decodes a guild’s packets for its listeners, once each, and unsubscribes when they leave', () => {
    const fake = fakeVoice();
    const tap = new LiveVoiceTap(fake.voice, silentLogger());
    expect(fake.listeners()).toBe(0);
    const heard: Buffer[] = [];
    const other: Buffer[] = [];
    const stop = tap.listen('g1', (pcm) => heard.push(pcm));
    const stopOther = tap.listen('g2', (pcm) => other.push(pcm));
    expect(fake.listeners()).toBe(1);

    fake.send({ sequence: 1 });
    fake.send({ sequence: 2 });
    fake.send({ sequence: 2 }); // duplicate
    fake.send({ sequence: 1 }); // late
    expect(heard).toHaveLength(2);
    expect(heard[0]?.length).toBe(960 * 4);
    expect(other).toHaveLength(0);
    // A reconnection (new SSRC) starts over, whatever its sequence numbers.
    fake.send({ sequence: 0, ssrc: 2 });
    expect(heard).toHaveLength(3);
    const peak = Math.max(
      ...Array.from({ length: 960 }, (_, i) => Math.abs(heard[1]?.readInt16LE(i * 4) ?? 0)),
    );
    expect(peak).toBeGreaterThan(5_000);

    stop();
    stop();
    expect(fake.listeners()).toBe(1);
    stopOther();
    expect(fake.listeners()).toBe(0);
    fake.send({ sequence: 3 });
    expect(heard).toHaveLength(3);
    tap.close();
    fake.close();
  });

  it('keeps the voice server safe from a failing listener', () => {
    const fake = fakeVoice();
    const tap = new LiveVoiceTap(fake.voice, silentLogger());
    const heard: Buffer[] = [];
    tap.listen('g1', () => {
      throw new Error('boom');
    });
    tap.listen('g1', (pcm) => heard.push(pcm));
    expect(() => fake.send({ sequence: 1 })).not.toThrow();
    expect(heard).toHaveLength(1);
    tap.close();
    expect(fake.listeners()).toBe(0);
    fake.close();
  });
});
