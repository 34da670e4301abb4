import { dequal } from 'dequal';
import type { Message } from '../message';
import type { RuntimeNode } from './runtime-node';

/** How many messages of its source are compared before the message is given up on. */
const WINDOW = 100_000;

/**
 * The message a DAG was stuck on when the watchdog failed it, which an at-least-once source
 * delivers again once the DAG starts: dropped once (and said so on the source node), so that
 * starting a failed DAG does not fail it again at once.
 */
export class SkipOnce {
  private left = WINDOW;

  constructor(
    private readonly node: RuntimeNode,
    private readonly message: Message,
  ) {}

  /** `skipped`: drop this one (done); `passed`: done looking; `other`: keep looking. */
  look(node: RuntimeNode, message: Message): 'skipped' | 'passed' | 'other' {
    if (node !== this.node) return 'other';
    if (dequal(message, this.message)) {
      node.record(
        'warning',
        'skipped the message this DAG was stuck on when it failed (delivered again by its source)',
        message,
      );
      return 'skipped';
    }
    return --this.left > 0 ? 'other' : 'passed';
  }
}
