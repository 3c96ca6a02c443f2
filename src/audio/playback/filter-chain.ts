import { type ActiveFilters, EQUALIZER_BANDS_HZ } from './filters.ts';

const SAMPLE_RATE = 48_000;
/** Floor for a muted equalizer band (gain −0.25 multiplies the band by zero). */
const EQUALIZER_FLOOR_DB = -60;

/** A number as ffmpeg reads it in filter options (no exponent notation, trailing zeros trimmed). */
function num(value: number): string {
  const fixed = value.toFixed(6);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * lavaplayer's equalizer outputs `x + 4 × Σ gainᵢ × bandpassᵢ(x)`, so a band's level is multiplied
 * by `1 + 4 × gain` (0.25 doubles it, −0.25 mutes it). firequalizer draws a smooth curve through
 * those levels in dB.
 */
export function equalizerFilter(gains: readonly number[]): string {
  const entries = EQUALIZER_BANDS_HZ.map((hz, band) => {
    const factor = 1 + 4 * (gains[band] ?? 0);
    const db = factor <= 0 ? EQUALIZER_FLOOR_DB : Math.max(EQUALIZER_FLOOR_DB, 20 * Math.log10(factor));
    return `entry(${hz},${num(db)})`;
  });
  return `firequalizer=gain_entry='${entries.join(';')}'`;
}

/**
 * lavadsp's karaoke: each channel minus `level` × the other (cancels the centre, where vocals
 * sit), plus the mono mix through a two-pole resonator around `filterBand` scaled by
 * `monoLevel × level` (keeps the bass). The resonator's coefficients are lavadsp's, as a biquad.
 */
export function karaokeFilter(k: NonNullable<ActiveFilters['karaoke']>): string {
  const c = Math.exp((-2 * Math.PI * k.filterWidth) / SAMPLE_RATE);
  const b = ((-4 * c) / (1 + c)) * Math.cos((2 * Math.PI * k.filterBand) / SAMPLE_RATE);
  const a = Math.sqrt(1 - (b * b) / (4 * c)) * (1 - c);
  const mono = k.monoLevel * k.level;
  return [
    'asplit=2[kdry][kmono]',
    `[kmono]pan=mono|c0=0.5*c0+0.5*c1,biquad=b0=${num(a)}:b1=0:b2=0:a0=1:a1=${num(b)}:a2=${num(c)},` +
      `pan=stereo|c0=${num(mono)}*c0|c1=${num(mono)}*c0[kband]`,
    `[kdry]pan=stereo|c0=c0-${num(k.level)}*c1|c1=c1-${num(k.level)}*c0[kside]`,
    '[kside][kband]amerge=inputs=2,pan=stereo|c0=c0+c2|c1=c1+c3',
  ].join(';');
}

/** atempo takes 0.5–2 per instance on older ffmpeg builds: chain several for larger factors. */
function atempoChain(factor: number): string[] {
  const parts: string[] = [];
  let rest = factor;
  while (rest > 2) {
    parts.push('atempo=2');
    rest /= 2;
  }
  while (rest < 0.5) {
    parts.push('atempo=0.5');
    rest /= 0.5;
  }
  if (Math.abs(rest - 1) > 1e-6) parts.push(`atempo=${num(rest)}`);
  return parts;
}

/**
 * Timescale as lavadsp (SoundTouch) means it: `rate` changes tempo and pitch together, `pitch`
 * only the pitch, `speed` only the tempo. Relabelling the 48 kHz input as 48 kHz × pitch × rate
 * and resampling back moves both; atempo then puts the tempo at speed × rate.
 */
export function timescaleFilters(t: NonNullable<ActiveFilters['timescale']>): string[] {
  const parts: string[] = [];
  const resample = t.pitch * t.rate;
  if (Math.abs(resample - 1) > 1e-6) {
    parts.push(`asetrate=${Math.round(SAMPLE_RATE * resample)}`, `aresample=${SAMPLE_RATE}`);
  }
  return [...parts, ...atempoChain(t.speed / t.pitch)];
}

/** lavadsp's distortion formula, per sample, clipped to [−1, 1]. */
export function distortionFilter(d: NonNullable<ActiveFilters['distortion']>): string {
  const x = 'val(ch)';
  const expression =
    `${num(d.offset)}+${num(d.scale)}*(${num(d.sinOffset)}+sin(${x}*${num(d.sinScale)}))` +
    `*(${num(d.cosOffset)}+cos(${x}*${num(d.cosScale)}))*(${num(d.tanOffset)}+tan(${x}*${num(d.tanScale)}))`;
  return `aeval='clip(${expression},-1,1)':c=same`;
}

/**
 * lavadsp's low pass is `y += (x − y) / smoothing`: a one-pole filter with α = 1/smoothing, here
 * as the same recursion in a biquad. Its −3 dB point is about −48000 × ln(1 − α) / 2π Hz
 * (smoothing 20 ≈ 392 Hz).
 */
export function lowPassFilter(smoothing: number): string {
  const alpha = 1 / smoothing;
  return `biquad=b0=${num(alpha)}:b1=0:b2=0:a0=1:a1=${num(-(1 - alpha))}:a2=0`;
}

/**
 * lavaplayer's gain for a player volume (PcmVolumeProcessor): `tan(v × 0.0079)` up to 150 (with
 * the product in single precision, as Java computes `v * 0.0079f`), linear `2.4621 × v / 150`
 * above, both truncated to 1/10000 as lavaplayer's integer multiplier is; 100 is unchanged.
 */
export function playerVolumeGain(volume: number): number {
  const v = Math.round(volume);
  if (v === 100) return 1;
  const multiplier =
    v <= 150
      ? Math.trunc(Math.fround(Math.fround(Math.tan(Math.fround(v * Math.fround(0.0079)))) * 10000))
      : Math.trunc((24621 * v) / 150);
  return multiplier / 10000;
}

/**
 * The ffmpeg `-af` filtergraph for the active filters and the player volume, in Lavalink's order
 * (filter volume, equalizer, karaoke, timescale, tremolo, vibrato, distortion, rotation, channel
 * mix, low pass), with the player volume last as lavaplayer applies it. Null when nothing applies.
 */
export function buildFilterChain(active: ActiveFilters, playerVolume: number): string | null {
  const parts: string[] = [];
  if (active.volume !== undefined) parts.push(`volume=${num(active.volume)}`);
  if (active.equalizer) parts.push(equalizerFilter(active.equalizer));
  if (active.karaoke) parts.push(karaokeFilter(active.karaoke));
  if (active.timescale) parts.push(...timescaleFilters(active.timescale));
  if (active.tremolo) {
    parts.push(
      `tremolo=f=${num(clamp(active.tremolo.frequency, 0.1, 20_000))}:d=${num(active.tremolo.depth)}`,
    );
  }
  if (active.vibrato) {
    parts.push(
      `vibrato=f=${num(clamp(active.vibrato.frequency, 0.1, 20_000))}:d=${num(active.vibrato.depth)}`,
    );
  }
  if (active.distortion) parts.push(distortionFilter(active.distortion));
  if (active.rotation)
    parts.push(`apulsator=hz=${num(clamp(Math.abs(active.rotation.rotationHz), 0.01, 100))}`);
  if (active.channelMix) {
    const m = active.channelMix;
    parts.push(
      `pan=stereo|c0=${num(m.leftToLeft)}*c0+${num(m.rightToLeft)}*c1|c1=${num(m.leftToRight)}*c0+${num(m.rightToRight)}*c1`,
    );
  }
  if (active.lowPass) parts.push(lowPassFilter(active.lowPass.smoothing));
  if (playerVolume !== 100) parts.push(`volume=${num(playerVolumeGain(playerVolume))}`);
  if (parts.length === 0) return null;
  // Every filter then sees 48 kHz stereo, whatever the source (asetrate and pan rely on it).
  return [`aresample=${SAMPLE_RATE}`, 'aformat=channel_layouts=stereo', ...parts].join(',');
}
