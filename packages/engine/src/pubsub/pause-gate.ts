/**
 * Pause and resume for a subscriber's read loop: the engine calls pause() and resume(), the loop
 * awaits `passed()` before it reads again, and stop() calls wake() so a paused loop can end.
 */
export class PauseGate {
  private isPaused = false;
  private release: (() => void) | undefined;

  get paused(): boolean {
    return this.isPaused;
  }

  pause(): void {
    this.isPaused = true;
  }

  resume(): void {
    this.isPaused = false;
    this.wake();
  }

  /** Resolves at once when not paused; otherwise at the next resume() or wake(). */
  async passed(): Promise<void> {
    if (this.isPaused) await new Promise<void>((resolve) => (this.release = resolve));
  }

  wake(): void {
    this.release?.();
    this.release = undefined;
  }
}
