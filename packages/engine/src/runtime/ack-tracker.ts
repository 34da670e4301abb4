/**
 * Messages waiting for their publishers to accept them before their acknowledgement: a stop
 * waits for them (bounded), and `--drain` is not idle while any waits.
 */
export class AckTracker {
  private count = 0;
  private readonly waiters: (() => void)[] = [];

  get waiting(): number {
    return this.count;
  }

  /** Acknowledges once `accepted` resolves; a refusal withholds the ack. */
  after(accepted: Promise<unknown>, ack: () => void): void {
    this.count++;
    accepted.then(ack, () => {}).then(this.done, this.done);
  }

  /** Resolves once no message waits for its publishers to accept it. */
  settled(): Promise<void> {
    return this.count === 0
      ? Promise.resolve()
      : new Promise((resolve) => this.waiters.push(resolve));
  }

  private readonly done = (): void => {
    if (--this.count === 0) for (const resolve of this.waiters.splice(0)) resolve();
  };
}
