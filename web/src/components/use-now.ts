import { useEffect, useState } from 'react';

/**
 * The current time, renewed every `intervalMs` while it is not null: what keeps "3 minutes
 * ago" true and a progress bar moving without refetching anything.
 */
export function useNow(intervalMs: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (intervalMs === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
