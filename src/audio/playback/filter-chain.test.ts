import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { dominantFrequency } from '../../emulators/discord/voice/index.ts';
import { ffmpegPath } from '../../media/index.ts';
import { buildFilterChain, equalizerFilter, lowPassFilter, playerVolumeGain } from './filter-chain.ts';
import { activeFilters, isNeutral, PlaybackInputError, parseFilters, sourceMsPerFrame } from './filters.ts';

const run = promisify(execFile);

/** Runs `chain` over two seconds of lavfi input and returns 48 kHz stereo s16le PCM. */
async function render(input: string, chain: string | null): Promise<Buffer> {
  const { stdout } = await run(
    ffmpegPath(),
    [
      ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', input],
      ...(chain ? ['-af', chain] : []),
      ...['-t', '2', '-f', 's16le', '-ar', '48000', '-ac', '2', 'pipe:1'],
    ],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout;
}

function rms(pcm: Buffer, channel?: 0 | 1): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i + 1 < pcm.length; i += 2) {
    if (channel !== undefined && (i / 2) % 2 !== channel) continue;
    const value = pcm.readInt16LE(i) / 32768;
    sum += value * value;
    count += 1;
  }
  return Math.sqrt(sum / Math.max(1, count));
}

const tone = (hz: number) => `sine=frequency=${hz}:sample_rate=48000:duration=3`;

describe('player volume', () => {
  // lavaplayer's PcmVolumeProcessor: (int)(tan(v * 0.0079f) * 10000) up to 150, 24621 * v / 150
  // above, over 10000. The expected gains are those integers worked out by hand.
  it.each([
    [50, 0.4169],
    [100, 1],
    [150, 2.4621],
    [500, 8.207],
  ])('applies lavaplayer’s gain at volume %i: %f', (volume, gain) => {
    expect(playerVolumeGain(volume)).toBe(gain);
    if (volume !== 100) expect(buildFilterChain({}, volume)).toContain(`volume=${gain}`);
  });
});

describe('Lavalink filters → ffmpeg', () => {
  it('validates ranges with readable errors and applies Lavalink defaults', () => {
    expect(() => parseFilters({ volume: 6 })).toThrow(PlaybackInputError);
    expect(() => parseFilters({ equalizer: [{ band: 15, gain: 0 }] })).toThrow(/equalizer/);
    expect(() => parseFilters({ vibrato: { frequency: 20 } })).toThrow(/vibrato/);
    expect(activeFilters(parseFilters({ karaoke: {} }))).toEqual({
      karaoke: { level: 1, monoLevel: 1, filterBand: 220, filterWidth: 100 },
    });
    // Neutral values count as off, as in Lavalink's isEnabled.
    const neutral = activeFilters(
      parseFilters({
        volume: 1,
        timescale: { speed: 1 },
        tremolo: { depth: 0 },
        rotation: { rotationHz: 0 },
        lowPass: { smoothing: 1 },
      }),
    );
    expect(neutral).toEqual({});
    expect(isNeutral(neutral, 100)).toBe(true);
    expect(isNeutral(neutral, 99)).toBe(false);
    expect(buildFilterChain(neutral, 100)).toBeNull();
  });

  it('maps each filter to its ffmpeg filter, in Lavalink order, player volume last', () => {
    const chain = buildFilterChain(
      activeFilters(
        parseFilters({
          volume: 0.5,
          equalizer: [{ band: 0, gain: 0.25 }],
          timescale: { speed: 1.5, pitch: 1, rate: 1 },
          tremolo: { frequency: 4, depth: 0.3 },
          vibrato: { frequency: 10, depth: 0.2 },
          rotation: { rotationHz: 0.2 },
          channelMix: { leftToLeft: 0.5, leftToRight: 0.5, rightToLeft: 0.5, rightToRight: 0.5 },
          lowPass: { smoothing: 20 },
        }),
      ),
      150,
    );
    const names = [...(chain ?? '').matchAll(/(?:^|,)([a-z]+)=/g)].map((match) => match[1]);
    expect(names).toEqual([
      'aresample',
      'aformat',
      'volume',
      'firequalizer',
      'atempo',
      'tremolo',
      'vibrato',
      'apulsator',
      'pan',
      'biquad',
      'volume',
    ]);
    // Player volume 150 is lavaplayer's tan(150 × 0.0079) gain, not 1.5.
    expect(chain).toMatch(/,volume=2\.4621$/);
    expect(chain).toContain('pan=stereo|c0=0.5*c0+0.5*c1|c1=0.5*c0+0.5*c1');
    // 0.25 doubles the band: +6.02 dB.
    expect(equalizerFilter([0.25])).toContain('entry(25,6.0206)');
    expect(equalizerFilter([-0.25])).toContain('entry(25,-60)');
    expect(lowPassFilter(20)).toBe('biquad=b0=0.05:b1=0:b2=0:a0=1:a1=-0.95:a2=0');
    expect(sourceMsPerFrame(activeFilters({ timescale: { speed: 1.5, rate: 2 } }))).toBe(60);
  });

  it('timescale pitch 2 doubles the frequency, rate 2 too, speed leaves it', async () => {
    for (const [timescale, expected] of [
      [{ pitch: 2 }, 880],
      [{ rate: 2 }, 880],
      [{ speed: 2 }, 440],
      [{ pitch: 0.5 }, 220],
    ] as const) {
      const pcm = await render(tone(440), buildFilterChain(activeFilters({ timescale }), 100));
      expect(Math.abs(dominantFrequency(pcm) - expected)).toBeLessThan(expected * 0.02);
    }
  });

  it('equalizer −0.25 mutes its band, low pass cuts highs, karaoke cuts the centre, volume scales', async () => {
    const plain = rms(await render(tone(1000), null));
    const eqMuted = rms(
      await render(
        tone(1000),
        buildFilterChain(activeFilters({ equalizer: [{ band: 8, gain: -0.25 }] }), 100),
      ),
    );
    expect(eqMuted).toBeLessThan(plain * 0.1);

    const highs = rms(
      await render(tone(8000), buildFilterChain(activeFilters({ lowPass: { smoothing: 20 } }), 100)),
    );
    expect(highs).toBeLessThan(rms(await render(tone(8000), null)) * 0.1);

    // A mono source is the same in both channels: centre-cut removes it (away from the kept band).
    const karaoke = rms(await render(tone(2000), buildFilterChain(activeFilters({ karaoke: {} }), 100)));
    expect(karaoke).toBeLessThan(plain * 0.05);

    const half = rms(await render(tone(1000), buildFilterChain({}, 50)));
    // lavaplayer’s curve: volume 50 is a gain of 0.4169, not 0.5.
    expect(half / plain).toBeCloseTo(0.4169, 1);
  });

  it('channelMix can send the left channel to the right only', async () => {
    const leftOnly = 'sine=frequency=500:sample_rate=48000:duration=3,pan=stereo|c0=c0|c1=0*c0';
    const mix = buildFilterChain(
      activeFilters({ channelMix: { leftToLeft: 0, leftToRight: 1, rightToLeft: 0, rightToRight: 0 } }),
      100,
    );
    const pcm = await render(leftOnly, mix);
    expect(rms(pcm, 0)).toBeLessThan(0.001);
    expect(rms(pcm, 1)).toBeGreaterThan(0.05);
  });

  it('tremolo, vibrato, rotation and distortion produce valid ffmpeg graphs', async () => {
    const chain = buildFilterChain(
      activeFilters({
        tremolo: {},
        vibrato: {},
        rotation: { rotationHz: 0.5 },
        distortion: { sinOffset: 0.1, scale: 0.9 },
        karaoke: { level: 0.5 },
        equalizer: [{ band: 3, gain: 0.5 }],
      }),
      80,
    );
    const pcm = await render(tone(440), chain);
    expect(pcm.length).toBe(2 * 48_000 * 4);
    expect(rms(pcm)).toBeGreaterThan(0.001);
  });
});
