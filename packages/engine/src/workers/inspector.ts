import { Session } from 'node:inspector';

/**
 * Asks a worker thread to evaluate an expression through the inspector protocol. Its messages
 * are handled by V8 interrupts, so a worker answers even while a compute spins in an endless
 * loop: that is how the watchdog learns which input a stuck compute was given. One session per
 * process, attached to every worker thread this thread starts.
 */
class WorkerInspector {
  private session: Session | undefined;
  private enabling: Promise<void> | undefined;
  private readonly sessions = new Map<string, string>();
  private readonly pending = new Map<number, (value: string | undefined) => void>();
  private next = 1;

  enable(): Promise<void> {
    this.enabling ??= new Promise<void>((resolve) => {
      const session = new Session();
      session.connect();
      session.on('NodeWorker.attachedToWorker', ({ params }) => {
        // `workerId` is the inspector's own count, in the order workers attach (not their thread
        // ids): the thread id is in the title, `[worker 3] dag-worker-2`.
        const thread = /^\[worker (\d+)\]/.exec(params.workerInfo.title)?.[1];
        if (thread !== undefined) this.sessions.set(thread, params.sessionId);
      });
      session.on('NodeWorker.detachedFromWorker', ({ params }) => {
        for (const [thread, id] of this.sessions)
          if (id === params.sessionId) this.sessions.delete(thread);
      });
      session.on('NodeWorker.receivedMessageFromWorker', ({ params }) => {
        const reply = JSON.parse(params.message) as {
          id?: number;
          result?: { result?: { value?: unknown } };
        };
        const settle = reply.id === undefined ? undefined : this.pending.get(reply.id);
        if (!settle || reply.id === undefined) return;
        this.pending.delete(reply.id);
        const value = reply.result?.result?.value;
        settle(typeof value === 'string' ? value : undefined);
      });
      this.session = session;
      // Without waiting for a debugger: the workers start at once, as they would without this.
      session.post('NodeWorker.enable', { waitForDebuggerOnStart: false }, () => resolve());
    });
    return this.enabling;
  }

  /** The expression's string value in the worker, or undefined (no answer within `timeoutMs`). */
  evaluate(threadId: number, expression: string, timeoutMs: number): Promise<string | undefined> {
    const sessionId = this.sessions.get(String(threadId));
    const session = this.session;
    if (!session || sessionId === undefined) return Promise.resolve(undefined);
    const id = this.next++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(undefined);
      }, timeoutMs);
      this.pending.set(id, (value) => {
        clearTimeout(timer);
        resolve(value);
      });
      session.post('NodeWorker.sendMessageToWorker', {
        sessionId,
        message: JSON.stringify({
          id,
          method: 'Runtime.evaluate',
          params: { expression, returnByValue: true },
        }),
      });
    });
  }
}

export const workerInspector = new WorkerInspector();
