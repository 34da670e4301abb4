import { constants } from 'node:fs';
import { mkdir, type FileHandle } from 'node:fs/promises';
import { publisherConfigSchemas, subscriberConfigSchemas } from '@flow/shared';
import type { TimerHandle } from '../clock';
import { errorMessage } from '../errors';
import type { Message } from '../message';
import { unboundFiles, type FileAccess } from '../policy/file-roots';
import { FilePositionTracker } from './file-position';
import type {
  AdapterContext,
  PublisherAdapter,
  Subscriber,
  SubscriberAdapter,
  SubscriberSink,
} from './types';
import { deliverPayload } from './payload';
import { deliverTestMessage } from './test-message';

/** `file:///abs/path` is absolute; `file:some/path` is relative to the DAG file's folder. */
export function filePath(uri: string, baseDir: string): string {
  return unboundFiles(baseDir).pathOf(uri, baseDir);
}

/** The roots of the context, or no bounds at all (the CLI without `--file-roots`). */
const filesOf = (context: AdapterContext): FileAccess =>
  context.fileRoots ?? unboundFiles(context.baseDir);

const CHUNK = 64 * 1024;
const NEWLINE = 0x0a;
const EMPTY = Buffer.alloc(0);
const READ = constants.O_RDONLY;
const APPEND = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT;

/** Opens a file for appending, creating its missing folders (inside the roots only). */
async function openForAppend(files: FileAccess, path: string): Promise<FileHandle> {
  await mkdir(files.creatableFolder(path), { recursive: true }).catch((error: unknown) => {
    throw files.scrubbed(error, path);
  });
  return files.open(path, APPEND, 0o644);
}

interface Line {
  readonly text: string;
  /** Byte offset just after its newline. */
  readonly end: number;
  readonly no: number;
}

/**
 * Tails a JSON-lines file: reads what is there, then polls for what is appended (like `tail -F`).
 * It goes on from its stored position (the end of the last acknowledged line), so a save, a
 * restore or a restart neither repeats nor loses lines.
 */
class FileSubscriber implements Subscriber {
  readonly flowControl = 'pause';
  private sink: SubscriberSink | undefined;
  private signal: AbortSignal | undefined;
  /** Next byte to read. */
  private position = 0;
  private lineNo = 0;
  private partial: Buffer = EMPTY;
  private partialSeenAtSize = -1;
  private lines: Line[] = [];
  private lineIndex = 0;
  private paused = false;
  private atEnd = false;
  private reading = false;
  private timer: TimerHandle | undefined;
  private waitingReported = false;
  private connected = false;
  private readonly shown: string;
  private readonly tracker: FilePositionTracker;

  constructor(
    readonly uri: string,
    private readonly path: string,
    private readonly pollMs: number,
    private readonly context: AdapterContext,
    private readonly files: FileAccess,
  ) {
    this.shown = files.display(path);
    this.tracker = new FilePositionTracker(
      context.positions,
      { dag: context.dagName, subscriber: context.componentName, file: path },
      context.clock,
      (error) =>
        this.sink?.connection({
          state: 'connected',
          error: `position not saved: ${errorMessage(error)}`,
        }),
    );
  }

  async start(sink: SubscriberSink, signal: AbortSignal): Promise<void> {
    this.sink = sink;
    this.signal = signal;
    signal.addEventListener('abort', () => this.cancelTimer(), { once: true });
    sink.connection({ state: 'connecting' });
    try {
      const stored = await this.tracker.load();
      this.position = stored.offset;
      this.lineNo = stored.line;
    } catch (error) {
      sink.connection({
        state: 'connecting',
        error: `stored position not read, reading from the top: ${errorMessage(error)}`,
      });
    }
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
    await this.tracker.flush();
    this.sink?.connection({ state: 'closed' });
    this.sink = undefined;
  }

  isDrained(): boolean {
    return this.atEnd && this.partial.length === 0 && this.lineIndex >= this.lines.length;
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
      this.connected = false;
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
      handle = await this.files.open(this.path, READ);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      if (!this.waitingReported) {
        this.waitingReported = true;
        this.connected = false;
        this.sink?.connection({ state: 'connecting', error: `waiting for ${this.shown} to exist` });
      }
      this.atEnd = true;
      return;
    }
    try {
      if (!this.connected) this.sink?.connection({ state: 'connected' });
      this.connected = true;
      this.waitingReported = false;
      const { size } = await handle.stat();
      if (size < this.position) this.restartFromTop();
      const buffer = Buffer.allocUnsafe(CHUNK);
      while (!this.paused && this.sink && !this.signal?.aborted) {
        const { bytesRead } = await handle.read(buffer, 0, CHUNK, this.position);
        if (bytesRead === 0) break;
        this.split(buffer.subarray(0, bytesRead));
        if (!this.emitLines()) return;
      }
      this.atEnd = this.position >= (await handle.stat()).size;
      if (this.atEnd && this.partial.length > 0) this.flushStalePartial(size);
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
    const text = this.partial.toString('utf8');
    this.partial = EMPTY;
    this.lines.push({ text, end: this.position, no: ++this.lineNo });
    this.emitLines();
  }

  private restartFromTop(): void {
    this.position = 0;
    this.lineNo = 0;
    this.partial = EMPTY;
    this.lines = [];
    this.lineIndex = 0;
    this.tracker.reset();
  }

  /** Splits the bytes read at newlines, keeping each line's end offset and number. */
  private split(chunk: Buffer): void {
    const start = this.position - this.partial.length;
    const data = this.partial.length > 0 ? Buffer.concat([this.partial, chunk]) : chunk;
    this.position += chunk.length;
    const lines = this.lineIndex < this.lines.length ? this.lines.slice(this.lineIndex) : [];
    let from = 0;
    for (let at = data.indexOf(NEWLINE); at !== -1; at = data.indexOf(NEWLINE, from)) {
      lines.push({ text: data.toString('utf8', from, at), end: start + at + 1, no: ++this.lineNo });
      from = at + 1;
    }
    this.partial = from < data.length ? Buffer.from(data.subarray(from)) : EMPTY;
    this.lines = lines;
    this.lineIndex = 0;
  }

  /** Delivers buffered lines until paused; false when it stopped early. */
  private emitLines(): boolean {
    const sink = this.sink;
    if (!sink) return false;
    while (this.lineIndex < this.lines.length) {
      if (this.paused) return false;
      const line = this.lines[this.lineIndex++] as Line;
      const text = line.text.trim();
      if (text === '') {
        this.tracker.skip(line.end, line.no);
        continue;
      }
      deliverPayload(sink, text, `${this.shown}:${line.no}`, this.tracker.track(line.end, line.no));
    }
    return true;
  }

  /** Handed to the node as if read: the file is the user's data and is never written to. */
  async inject(message: Message): Promise<void> {
    deliverTestMessage(this.sink, message, this.uri);
    return Promise.resolve();
  }
}

export const fileSubscriberAdapter: SubscriberAdapter<typeof subscriberConfigSchemas.file> = {
  configSchema: subscriberConfigSchemas.file,
  createSubscriber(config, context) {
    const files = filesOf(context);
    const path = files.pathOf(config.source, context.baseDir);
    return new FileSubscriber(config.source, path, config.poll_interval_ms, context, files);
  },
};

export const filePublisherAdapter: PublisherAdapter<typeof publisherConfigSchemas.file> = {
  configSchema: publisherConfigSchemas.file,
  createPublisher(config, context) {
    const files = filesOf(context);
    const path = files.pathOf(config.destination, context.baseDir);
    let handle: FileHandle | undefined;
    let chain: Promise<void> = Promise.resolve();
    return {
      uri: config.destination,
      async start() {
        handle = await openForAppend(files, path);
      },
      publish(batch) {
        const text = batch.map((m) => `${JSON.stringify(m)}\n`).join('');
        const write = chain.then(async () => {
          // A start that failed (a refused path, a missing permission) is tried again here.
          handle ??= await openForAppend(files, path);
          await handle.write(text).catch((error: unknown) => {
            throw files.scrubbed(error, path);
          });
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
