import type { ConnectorConfig } from '../config';
import type { ClientTetherClient } from '../http/client';
import type { Logger } from '../protocol/logger';
import { estimateMessage, stateMessage, streamStatusMessage } from '../protocol/messages';
import type { MessageWriter } from '../protocol/writer';
import { readCursorState, writeCursorState } from '../state';
import { formatUtc, TimestampParser } from '../timestamps';
import type { AdaptiveConcurrency } from './concurrency';
import { IncrementalCursor } from './cursor';
import type { StreamDeclaration } from './declarations';
import { RecordNormalizer } from './normalize';
import { PageScanner, type ScannedPage } from './pages';
import { ProgressReporter } from './progress';

/** Checkpoints also follow time, so a long scan that emits little still records its progress. */
const CHECKPOINT_INTERVAL_MS = 60_000;

export interface StreamReadContext {
  config: ConnectorConfig;
  client: ClientTetherClient;
  writer: MessageWriter;
  logger: Logger;
  concurrency: AdaptiveConcurrency;
  timestamps: TimestampParser;
}

/**
 * Reads one configured stream: emits its records page by page, its checkpoints and its final
 * state. Statuses and errors are the caller's; this throws on failure.
 */
export class StreamReader {
  private readonly normalizer: RecordNormalizer;
  private readonly progress: ProgressReporter;
  private running = false;
  private recordsSinceCheckpoint = 0;
  private lastCheckpointAt = Date.now();
  private withoutCursor = 0;
  private skippedItems = 0;

  constructor(
    private readonly stream: StreamDeclaration,
    private readonly incremental: boolean,
    private readonly context: StreamReadContext,
  ) {
    this.normalizer = new RecordNormalizer(stream, context.timestamps);
    this.progress = new ProgressReporter(stream.name, context.logger, () => context.client.retries);
  }

  async read(savedState: Record<string, unknown> | undefined): Promise<void> {
    const { stream, context } = this;
    const saved = this.incremental ? readCursorState(stream.name, stream.cursorField as string, savedState, context.logger) : null;
    const cursor = saved ? new IncrementalCursor(saved, context.config.startDate) : null;
    const resumeFrom = saved?.scan ? { offset: saved.scan.nextOffset, boundaryKey: saved.scan.boundaryKey } : null;
    this.logStart(cursor, resumeFrom?.offset ?? 0);

    const scanner = new PageScanner(context.client, stream, context.logger, context.concurrency, resumeFrom);
    for await (const page of scanner.pages()) {
      if (scanner.shiftDetected) {
        cursor?.markShift();
      }
      await this.emitPage(page, cursor);
      this.maybeCheckpoint(page, cursor);
    }
    // A shift can also come to light after the last page, when the list ends early.
    // A scan restarted from offset 0 needs no such mark: it reads the whole list again, and it
    // keeps the earlier start of the interrupted scan.
    if (scanner.shiftDetected) {
      cursor?.markShift();
    }

    this.finish(cursor);
  }

  private async emitPage(page: ScannedPage, cursor: IncrementalCursor | null): Promise<void> {
    const { writer } = this.context;
    if (this.progress.onPage(page)) {
      writer.emit(estimateMessage(this.stream.name, page.total as number));
    }
    cursor?.startScan(page.api);

    const emittedAt = Date.now();
    let mustWait = false;
    for (const row of page.rows) {
      if (typeof row !== 'object' || row === null || Array.isArray(row)) {
        this.skippedItems++;
        continue;
      }

      const record = this.normalizer.normalize(row as Record<string, unknown>);
      cursor?.observe(record.cursorMs);
      if (cursor && !cursor.includes(record.cursorMs)) {
        continue;
      }
      if (record.cursorMs === null && this.stream.cursorField) {
        this.withoutCursor++;
      }

      this.markRunning();
      const meta = record.changes.length > 0 ? { meta: { changes: record.changes } } : {};
      mustWait = !writer.emit({ type: 'RECORD', record: { stream: this.stream.name, data: record.data, emitted_at: emittedAt, ...meta } }) || mustWait;
      this.recordsSinceCheckpoint++;
      this.progress.onRecord();
    }

    if (mustWait) {
      await writer.drained();
    }
  }

  private maybeCheckpoint(page: ScannedPage, cursor: IncrementalCursor | null): void {
    const due =
      this.recordsSinceCheckpoint >= this.context.config.checkpointIntervalRecords ||
      Date.now() - this.lastCheckpointAt >= CHECKPOINT_INTERVAL_MS;
    if (!cursor || !due) {
      return;
    }
    this.emitState(writeCursorState(this.stream.cursorField as string, cursor.checkpoint(page.next)));
  }

  private finish(cursor: IncrementalCursor | null): void {
    const { logger } = this.context;
    this.progress.report(true);

    if (this.skippedItems > 0) {
      logger.warn(`${this.stream.name}: skipped ${this.skippedItems} items of the API's data list that were not JSON objects (null or a bare value).`);
    }
    if (this.withoutCursor > 0) {
      logger.warn(
        `${this.stream.name}: emitted ${this.withoutCursor} records without a readable ${this.stream.cursorField}; such records are emitted on every sync and never move the cursor.`,
      );
    }

    if (!cursor) {
      this.emitState({});
      return;
    }
    const final = cursor.final();
    if (cursor.shifted) {
      logger.warn(
        `${this.stream.name}: rows moved during the scan, so the cursor stays at ${describeCursor(final.cursorMs)} and the next sync reads again everything modified since then.`,
      );
    }
    this.emitState(writeCursorState(this.stream.cursorField as string, final));
  }

  private emitState(streamState: Record<string, unknown>): void {
    this.markRunning();
    this.context.writer.emit(stateMessage(this.stream.name, streamState));
    this.recordsSinceCheckpoint = 0;
    this.lastCheckpointAt = Date.now();
  }

  /** RUNNING goes out before the first record or state, so a stream with no records has it too. */
  private markRunning(): void {
    if (!this.running) {
      this.running = true;
      this.context.writer.emit(streamStatusMessage(this.stream.name, 'RUNNING'));
    }
  }

  private logStart(cursor: IncrementalCursor | null, resumeOffset: number): void {
    const { logger } = this.context;
    if (!cursor) {
      logger.info(`${this.stream.name}: full refresh of ${this.stream.operation} starts.`);
      return;
    }

    const resume = resumeOffset > 0 ? `, resuming the scan at offset ${resumeOffset}` : '';
    logger.info(
      `${this.stream.name}: incremental scan of ${this.stream.operation} starts; emitting records with ${this.stream.cursorField} at or after ${describeCursor(cursor.lowerBoundMs)}${resume}.`,
    );
    if (cursor.lowerBoundMs !== null && cursor.lowerBoundMs > Date.now()) {
      logger.warn(`${this.stream.name}: the saved cursor ${formatUtc(cursor.lowerBoundMs)} is in the future, so no record is expected until then.`);
    }
  }
}

function describeCursor(cursorMs: number | null): string {
  return cursorMs === null ? 'the beginning' : formatUtc(cursorMs);
}
