import { once } from 'node:events';
import type { Writable } from 'node:stream';

import type { AirbyteMessage } from '../generated/protocol';
import { SecretFilter } from '../secrets';

/**
 * Pending output above which lines are written at once instead of at the next event-loop turn.
 * It also bounds what a shutdown must still deliver, so it stays small: 64 KiB is about 100 records.
 */
const FLUSH_BYTES = 64 * 1024;

/**
 * The one way out to stdout: one JSON line per protocol message.
 *
 * It masks secret values, counts records per stream and stamps that count on each STATE as
 * `sourceStats.recordCount` (records of that stream since its previous state), and respects
 * backpressure: `send` and `drained` wait for the output to drain instead of buffering without
 * limit. Lines emitted in one synchronous burst (a page of records) leave in one write, at the
 * next turn of the event loop, because a write per line costs more than the rest of a record's work.
 */
export class MessageWriter {
  private readonly recordCounts = new Map<string, number>();
  private pending: string[] = [];
  private pendingBytes = 0;
  private flushScheduled = false;
  private stopped = false;

  constructor(
    private readonly output: Writable = process.stdout,
    private secrets: SecretFilter = new SecretFilter(),
  ) {}

  useSecretFilter(filter: SecretFilter): void {
    this.secrets = filter;
  }

  /** Queues one message; returns false when the caller should wait for `drained()` before more. */
  emit(message: AirbyteMessage): boolean {
    if (this.stopped) {
      return true;
    }

    this.countRecords(message);
    const line = this.serialize(message);
    this.pending.push(line);
    this.pendingBytes += line.length;

    if (this.pendingBytes >= FLUSH_BYTES) {
      return this.flush();
    }
    this.scheduleFlush();
    return !this.output.writableNeedDrain;
  }

  async send(message: AirbyteMessage): Promise<void> {
    this.emit(message);
    await this.drained();
  }

  /** Writes what is queued, then waits while the output's buffer is over its limit (backpressure). */
  async drained(): Promise<void> {
    this.flush();
    if (this.output.writableNeedDrain && !this.output.destroyed) {
      await once(this.output, 'drain');
    }
  }

  /**
   * Writes what is queued, then resolves once the output has handed every byte to the system, so
   * the process can exit without cutting a line. A buffer under its limit emits no 'drain', but the
   * callback of an empty write runs after every earlier write has finished.
   */
  async flushed(): Promise<void> {
    this.flush();
    if (this.output.writableLength === 0 || this.output.destroyed) {
      return;
    }
    await new Promise<void>((resolve) => this.output.write('', () => resolve()));
  }

  /**
   * Drops the lines not yet handed to the output, writes `lastWords`, and ignores every later
   * message, so a shutdown only has to finish what the output already holds. The dropped lines
   * are the newest, so no state is delivered without the records before it.
   */
  stop(lastWords?: AirbyteMessage): void {
    this.pending = [];
    this.pendingBytes = 0;
    if (lastWords) {
      this.pending.push(this.serialize(lastWords));
    }
    this.flush();
    this.stopped = true;
  }

  /** Writes the queued lines now; returns false when the output needs a 'drain' before more. */
  flush(): boolean {
    if (this.pending.length === 0) {
      return !this.output.writableNeedDrain;
    }
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    return this.output.write(chunk);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) {
      return;
    }
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private countRecords(message: AirbyteMessage): void {
    if (message.type === 'RECORD' && message.record) {
      const stream = message.record.stream;
      this.recordCounts.set(stream, (this.recordCounts.get(stream) ?? 0) + 1);
      return;
    }

    const streamName = message.state?.stream?.stream_descriptor.name;
    if (message.type === 'STATE' && message.state && streamName !== undefined) {
      message.state.sourceStats = { recordCount: this.recordCounts.get(streamName) ?? 0 };
      this.recordCounts.set(streamName, 0);
    }
  }

  private serialize(message: AirbyteMessage): string {
    const line = JSON.stringify(message);

    // The check on the finished line is cheap; the walk that masks runs only when it finds a secret.
    if (this.secrets.active && this.secrets.appearsIn(line)) {
      return `${JSON.stringify(this.secrets.redact(message))}\n`;
    }
    return `${line}\n`;
  }
}
