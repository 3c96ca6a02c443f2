import FFT from 'fft.js';

/** Options for {@link dominantFrequency}. */
export interface DominantFrequencyOptions {
  /** Interleaved channels in the PCM (default 2, the decoder's output). */
  channels?: number;
  /** Ignore energy below this frequency (default 20 Hz) so DC offset and rumble never win. */
  minHz?: number;
  /** Largest FFT segment (power of two, default 32768: about 1.5 Hz bins at 48 kHz). */
  maxSegment?: number;
}

const MIN_SEGMENT = 256;

function previousPowerOfTwo(n: number): number {
  return 2 ** Math.floor(Math.log2(n));
}

/** Mixes interleaved s16le PCM down to mono floats in [-1, 1]. */
function toMono(pcm: Buffer, channels: number): Float64Array {
  const frames = Math.floor(pcm.length / (2 * channels));
  const mono = new Float64Array(frames);
  for (let i = 0; i < frames; i += 1) {
    let sum = 0;
    for (let c = 0; c < channels; c += 1) sum += pcm.readInt16LE((i * channels + c) * 2);
    mono[i] = sum / channels / 32768;
  }
  return mono;
}

/**
 * The frequency (Hz) carrying the most energy in s16le PCM: mono mix, Hann-windowed FFT segments
 * averaged Welch-style (50 % overlap), then parabolic interpolation on the log power of the peak
 * bin and its neighbours for sub-bin accuracy. Returns 0 for silence.
 *
 * @throws RangeError when the PCM holds fewer than 256 sample frames.
 */
export function dominantFrequency(
  pcm: Buffer,
  sampleRate = 48_000,
  options: DominantFrequencyOptions = {},
): number {
  const channels = options.channels ?? 2;
  const mono = toMono(pcm, channels);
  if (mono.length < MIN_SEGMENT) {
    throw new RangeError(`need at least ${MIN_SEGMENT} sample frames, got ${mono.length}`);
  }
  const size = Math.min(previousPowerOfTwo(options.maxSegment ?? 32_768), previousPowerOfTwo(mono.length));
  const fft = new FFT(size);
  const window = new Float64Array(size);
  for (let i = 0; i < size; i += 1) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (size - 1));
  const power = new Float64Array(size / 2);
  const input = new Array<number>(size);
  const spectrum = fft.createComplexArray() as number[];
  for (let start = 0; start + size <= mono.length; start += size / 2) {
    for (let i = 0; i < size; i += 1) input[i] = (mono[start + i] ?? 0) * (window[i] ?? 0);
    fft.realTransform(spectrum, input);
    for (let k = 0; k < size / 2; k += 1) {
      const re = spectrum[2 * k] ?? 0;
      const im = spectrum[2 * k + 1] ?? 0;
      power[k] = (power[k] ?? 0) + re * re + im * im;
    }
  }
  const firstBin = Math.max(1, Math.ceil(((options.minHz ?? 20) * size) / sampleRate));
  let peak = firstBin;
  for (let k = firstBin; k < size / 2 - 1; k += 1) if ((power[k] ?? 0) > (power[peak] ?? 0)) peak = k;
  if ((power[peak] ?? 0) === 0) return 0;
  // Log-power parabola: nearly exact for the Gaussian-like main lobe of a Hann window.
  const tiny = Number.MIN_VALUE;
  const left = Math.log((power[peak - 1] ?? 0) + tiny);
  const centre = Math.log((power[peak] ?? 0) + tiny);
  const right = Math.log((power[peak + 1] ?? 0) + tiny);
  const curvature = left - 2 * centre + right;
  const offset = curvature === 0 ? 0 : (0.5 * (left - right)) / curvature;
  return ((peak + offset) * sampleRate) / size;
}
