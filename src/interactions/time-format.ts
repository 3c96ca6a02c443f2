/** 3:05, 1:02:03; "live" streams are the caller's business. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** Reads `90`, `1:30`, `1:02:03` (or `1m30s`) as milliseconds; null when it is none of those. */
export function parseTime(text: string): number | null {
  const value = text.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const clock = /^(?:(\d+):)?(\d{1,2}):(\d{1,2})$/.exec(value);
  if (clock) {
    const [, h, m, s] = clock;
    if (Number(s) > 59 || (h !== undefined && Number(m) > 59)) return null;
    return ((Number(h ?? 0) * 60 + Number(m)) * 60 + Number(s)) * 1000;
  }
  const units = /^(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s)?$/i.exec(value);
  if (units && (units[1] || units[2] || units[3])) {
    return ((Number(units[1] ?? 0) * 60 + Number(units[2] ?? 0)) * 60 + Number(units[3] ?? 0)) * 1000;
  }
  return null;
}
