import type { Locale } from './locales.ts';

/** Dates, numbers and durations in the reader's language (`Intl`, nothing bundled). */
export interface Formatters {
  number(value: number, options?: Intl.NumberFormatOptions): string;
  date(value: string | number | Date): string;
  dateTime(value: string | number | Date): string;
  /** "3 minutes ago", "in 2 days". */
  relative(value: string | number | Date, now?: number): string;
  /** A track length or position: `3:07`, `1:02:03`. */
  duration(ms: number): string;
}

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

export function formatters(locale: Locale): Formatters {
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const relativeFormat = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  return {
    number: (value, options) => new Intl.NumberFormat(locale, options).format(value),
    date: (value) => dateFormat.format(new Date(value)),
    dateTime: (value) => dateTimeFormat.format(new Date(value)),
    relative(value, now = Date.now()) {
      let amount = (new Date(value).getTime() - now) / 1000;
      for (const [unit, size] of RELATIVE_STEPS) {
        if (Math.abs(amount) < size) return relativeFormat.format(Math.round(amount), unit);
        amount /= size;
      }
      return relativeFormat.format(Math.round(amount), 'year');
    },
    duration(ms) {
      const total = Math.max(0, Math.floor(ms / 1000));
      const hours = Math.floor(total / 3600);
      const minutes = Math.floor((total % 3600) / 60);
      const seconds = String(total % 60).padStart(2, '0');
      return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
    },
  };
}
