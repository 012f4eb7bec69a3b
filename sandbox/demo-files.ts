/** The demo's output folder: the config, catalog and states it used, and one JSONL file of records per stream and read. */

import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';

import type { AirbyteRecordMessage } from '../source-clienttether/generated/protocol';
import type { RecordSink } from './demo-connector';

export function writeJsonFile(file: string, value: unknown): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  return file;
}

/**
 * Writes the `data` of each record as one line of `<folder>/<stream>.jsonl`. Every stream of
 * `streams` gets a file, empty when it has no records, so a rerun replaces all of them.
 */
export class RecordFiles implements RecordSink {
  private readonly files = new Map<string, WriteStream>();
  private readonly blocked = new Set<WriteStream>();
  private writeError: Error | null = null;

  constructor(
    readonly folder: string,
    streams: readonly string[],
    private readonly onRecord: (record: AirbyteRecordMessage) => void = () => {},
  ) {
    mkdirSync(folder, { recursive: true });
    for (const stream of streams) {
      this.open(stream);
    }
  }

  pathOf(stream: string): string {
    return path.join(this.folder, `${stream}.jsonl`);
  }

  write(record: AirbyteRecordMessage): boolean {
    this.onRecord(record);

    const file = this.files.get(record.stream) ?? this.open(record.stream);
    const writable = file.write(`${JSON.stringify(record.data)}\n`);
    if (!writable) {
      this.blocked.add(file);
    }

    return writable;
  }

  /** Resolves once the blocked files drain, or at once after a write error, which `close` then throws. */
  async whenWritable(): Promise<void> {
    for (const file of this.blocked) {
      if (this.writeError === null) {
        await once(file, 'drain').catch(() => {});
      }
      this.blocked.delete(file);
    }
  }

  /** Flushes and closes every file. */
  async close(): Promise<void> {
    this.throwWriteError();

    const closing = [...this.files.values()].map((file) => {
      file.end();
      return once(file, 'finish');
    });

    await Promise.all(closing);
  }

  private open(stream: string): WriteStream {
    const file = createWriteStream(this.pathOf(stream));

    // A failed stream never drains or finishes, so the error is kept for `close` to throw.
    file.on('error', (error) => {
      this.writeError ??= error;
    });
    this.files.set(stream, file);
    return file;
  }

  private throwWriteError(): void {
    if (this.writeError !== null) {
      throw new Error(`Failed to write the records to ${this.folder}: ${this.writeError.message}`);
    }
  }
}
