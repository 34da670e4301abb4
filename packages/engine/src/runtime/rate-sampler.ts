import type { Clock, TimerHandle } from '../clock';
import type { RuntimeNode } from './runtime-node';

const RATE_INTERVAL_MS = 1000;

/** Samples every node's computations per second once a second while its DAG runs. */
export class RateSampler {
  private timer: TimerHandle | undefined;
  private sampledAt = 0;

  constructor(
    private readonly nodes: readonly RuntimeNode[],
    private readonly clock: Clock,
  ) {}

  start(): void {
    this.sampledAt = this.clock.now();
    for (const node of this.nodes) node.rateBase = node.computeCount;
    this.schedule();
  }

  stop(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      const now = this.clock.now();
      const seconds = Math.max(0.001, (now - this.sampledAt) / 1000);
      for (const node of this.nodes) {
        node.rate = (node.computeCount - node.rateBase) / seconds;
        node.rateBase = node.computeCount;
      }
      this.sampledAt = now;
      this.schedule();
    }, RATE_INTERVAL_MS);
  }
}
