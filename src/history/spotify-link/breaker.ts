/** The per-user circuit breaker's settings (HISTORY_BREAKER_FAILURES, HISTORY_BREAKER_COOLDOWN_MINUTES). */
export interface BreakerSettings {
  /** Consecutive failed rounds that open the breaker. */
  failures: number;
  /** How long it stays open; the first round after is the half-open try. */
  cooldownMs: number;
}

/**
 * After a failed round: the new failure count, and until when the breaker is open (null while
 * closed). In the half-open try the count is already at the threshold, so one more failure
 * opens it again at once.
 */
export function afterFailure(
  consecutiveFailures: number,
  settings: BreakerSettings,
  nowMs: number,
): { consecutiveFailures: number; breakerOpenUntil: Date | null } {
  const failures = consecutiveFailures + 1;
  return {
    consecutiveFailures: failures,
    breakerOpenUntil: failures >= settings.failures ? new Date(nowMs + settings.cooldownMs) : null,
  };
}

/** Whether a link may be polled now: not waiting for a re-link, and no breaker open. */
export function mayPoll(link: { state: string; breakerOpenUntil: Date | null }, nowMs: number): boolean {
  if (link.state === 'needs-relink') return false;
  return link.breakerOpenUntil === null || link.breakerOpenUntil.getTime() <= nowMs;
}
