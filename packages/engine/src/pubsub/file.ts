import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { publisherConfigSchemas, subscriberConfigSchemas } from '@flow/shared';
import type { TimerHandle } from '../clock';
import { errorMessage } from '../errors';
import type { Message } from '../message';
import type {
  AdapterContext,
  PublisherAdapter,
  Subscriber,
  SubscriberAdapter,
  SubscriberSink,
} from './types';
import { deliverPayload } from './payload';

/** `file:///abs/path` is absolute; `file:some/path` is relative to the DAG file's folder. */
export function filePath(uri: string, baseDir: string): string {
  if (uri.startsWith('file:///')) return uri.slice('file://'.length);
  return resolve(baseDir, uri.slice('file:'.length));
}

const CHUNK = 64 * 1024;

/** Tails a JSON-lines file: reads what is there, then polls for what is appended (like `tail -F`). */
class FileSubscriber implements Subscriber {
  readonly flowControl = 'pause';
  private sink: SubscriberSink | undefined;
  private signal: AbortSignal | undefined;
  private position = 0;
  private lineNo = 0;
  private partial = '';
  private partialSeenAtSize = -1;
  private lines: string[] = [];
  private lineIndex = 0;
  private paused = false;
  private atEnd = false;
  private reading = false;
  private timer: TimerHandle | undefined;
  private decoder = new StringDecoder('utf8');
  private waitingReported = false;

  constructor(
    readonly uri: string,
    private readonly path: string,
    private readonly pollMs: number,
    private readonly context: AdapterContext,
  ) {}

  async start(sink: SubscriberSink, signal: AbortSignal): Promise<void> {
    this.sink = sink;
    this.signal = signal;
    signal.addEventListener('abort', () => this.cancelTimer(), { once: true });
    sink.connection({ state: 'connecting' });
    void this.poll();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.cancelTimer();
    void this.poll();
  }

  async stop(): Promise<void> {
    this.cancelTimer();
    this.sink?.connection({ state: 'closed' });
    this.sink = undefined;
  }

  isDrained(): boolean {
    return this.atEnd && this.partial === '' && this.lineIndex >= this.lines.length;
  }

  private cancelTimer(): void {
    if (this.timer) this.context.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.signal?.aborted || !this.sink) return;
    this.cancelTimer();
    this.timer = this.context.clock.setTimeout(() => void this.poll(), this.pollMs);
  }

  private async poll(): Promise<void> {
    if (this.reading || this.paused || !this.sink || this.signal?.aborted) return;
    this.reading = true;
    try {
      if (!this.emitLines()) return;
      await this.readAvailable();
    } catch (error) {
      this.sink?.connection({
        state: 'reconnecting',
        error: errorMessage(error),
        nextRetryAt: this.context.clock.now() + this.pollMs,
      });
    } finally {
      this.reading = false;
      if (!this.paused) this.schedule();
    }
  }

  private async readAvailable(): Promise<void> {
    let handle: FileHandle;
    try {
      handle = await open(this.path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      if (!this.waitingReported) {
        this.waitingReported = true;
        this.sink?.connection({ state: 'connecting', error: `waiting for ${this.path} to exist` });
      }
      this.atEnd = true;
      return;
    }
    try {
      if (this.waitingReported || this.position === 0)
        this.sink?.connection({ state: 'connected' });
      this.waitingReported = false;
      const { size } = await handle.stat();
      if (size < this.position) this.restartFromTop();
      const buffer = Buffer.allocUnsafe(CHUNK);
      while (!this.paused && this.sink && !this.signal?.aborted) {
        const { bytesRead } = await handle.read(buffer, 0, CHUNK, this.position);
        if (bytesRead === 0) break;
        this.position += bytesRead;
        this.split(this.decoder.write(buffer.subarray(0, bytesRead)));
        if (!this.emitLines()) return;
      }
      this.atEnd = this.position >= (await handle.stat()).size;
      if (this.atEnd && this.partial !== '') this.flushStalePartial(size);
    } finally {
      await handle.close();
    }
  }

  /** A last line without a newline is delivered once the file has stopped growing for one poll. */
  private flushStalePartial(size: number): void {
    if (this.partialSeenAtSize !== size) {
      this.partialSeenAtSize = size;
      return;
    }
    this.lines.push(this.partial);
    this.partial = '';
    this.emitLines();
  }

  private restartFromTop(): void {
    this.position = 0;
    this.lineNo = 0;
    this.partial = '';
    this.lines = [];
    this.lineIndex = 0;
    this.decoder = new StringDecoder('utf8');
  }

  private split(text: string): void {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    this.lines =
      this.lineIndex < this.lines.length ? [...this.lines.slice(this.lineIndex), ...parts] : parts;
    this.lineIndex = 0;
  }

  /** Delivers buffered lines until paused; false when it stopped early. */
  private emitLines(): boolean {
    const sink = this.sink;
    if (!sink) return false;
    while (this.lineIndex < this.lines.length) {
      if (this.paused) return false;
      const line = (this.lines[this.lineIndex++] as string).trim();
      this.lineNo++;
      if (line === '') continue;
      deliverPayload(sink, line, `${this.path}:${this.lineNo}`);
    }
    return true;
  }

  async inject(message: Message): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const handle = await open(this.path, 'a');
    try {
      await handle.write(`${JSON.stringify(message)}\n`);
    } finally {
      await handle.close();
    }
  }
}

export const fileSubscriberAdapter: SubscriberAdapter<typeof subscriberConfigSchemas.file> = {
  configSchema: subscriberConfigSchemas.file,
  createSubscriber: (config, context) =>
    new FileSubscriber(
      config.source,
      filePath(config.source, context.baseDir),
      config.poll_interval_ms,
      context,
    ),
};

export const filePublisherAdapter: PublisherAdapter<typeof publisherConfigSchemas.file> = {
  configSchema: publisherConfigSchemas.file,
  createPublisher(config, context) {
    const path = filePath(config.destination, context.baseDir);
    let handle: FileHandle | undefined;
    let chain: Promise<void> = Promise.resolve();
    return {
      uri: config.destination,
      async start() {
        await mkdir(dirname(path), { recursive: true });
        handle = await open(path, 'a');
      },
      publish(batch) {
        const text = batch.map((m) => `${JSON.stringify(m)}\n`).join('');
        const write = chain.then(async () => {
          if (!handle) throw new Error(`${path} is not open`);
          await handle.write(text);
        });
        chain = write.catch(() => {});
        return write;
      },
      async stop() {
        await chain;
        await handle?.close();
        handle = undefined;
      },
    };
  },
};
