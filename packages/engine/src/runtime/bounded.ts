/** How long an adapter's start or stop may take before the runtime goes on without it. */
export const ADAPTER_STOP_TIMEOUT_MS = 5000;

/**
 * Waits for `work` at most `ms` milliseconds (real time, whatever the DAG's clock): true when it
 * settled in time, false when the bound passed first (the work goes on unobserved). A rejection
 * counts as settled: callers handle their own errors.
 */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
