import { once } from 'node:events';
import type { Writable } from 'node:stream';

import type { AirbyteMessage } from '../generated/protocol';
import { SecretFilter } from '../secrets';

/**
 * The one way out to stdout: one JSON line per protocol message.
 *
 * It masks secret values, counts records per stream and stamps that count on each STATE as
 * `sourceStats.recordCount` (records of that stream since its previous state), and respects
 * backpressure: `send` waits for the output to drain instead of buffering without limit.
 */
export class MessageWriter {
  private readonly recordCounts = new Map<string, number>();
  private stopped = false;

  constructor(
    private readonly output: Writable = process.stdout,
    private secrets: SecretFilter = new SecretFilter(),
  ) {}

  useSecretFilter(filter: SecretFilter): void {
    this.secrets = filter;
  }

  /** Writes one message; returns false when the caller should wait for `drained()` before more. */
  emit(message: AirbyteMessage): boolean {
    if (this.stopped) {
      return true;
    }

    this.countRecords(message);
    return this.output.write(this.serialize(message));
  }

  async send(message: AirbyteMessage): Promise<void> {
    if (!this.emit(message)) {
      await this.drained();
    }
  }

  /** Resolves once everything written so far has left the process's own buffer. */
  async drained(): Promise<void> {
    if (this.output.writableLength > 0 && !this.output.destroyed) {
      await once(this.output, 'drain');
    }
  }

  /** Drops every later message, so a shutdown never starts a line it cannot finish. */
  stop(): void {
    this.stopped = true;
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
