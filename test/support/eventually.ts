/**
 * Retries `check` until it stops throwing, every `intervalMs`, or rethrows its last error once
 * `timeoutMs` has passed. For conditions that become true asynchronously (a message arriving,
 * a player moving on) without guessing a fixed sleep.
 */
export async function eventually(
  check: () => void | Promise<void>,
  timeoutMs = 3000,
  intervalMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
