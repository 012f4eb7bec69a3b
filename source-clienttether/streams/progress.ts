import type { Logger } from '../protocol/logger';
import type { ScannedPage } from './pages';

const REPORT_INTERVAL_MS = 30_000;

/** Logs a stream's progress about every 30 seconds and at its end. */
export class ProgressReporter {
  private readonly startedAt = Date.now();
  private lastReportAt = Date.now();
  private rowsRead = 0;
  private recordsEmitted = 0;
  private total: number | null = null;

  constructor(
    private readonly stream: string,
    private readonly logger: Logger,
    private readonly retries: () => number,
  ) {}

  /** Counts a page; returns true for the first page that shows TotalRecord, when an estimate is due. */
  onPage(page: ScannedPage): boolean {
    const firstTotal = this.total === null && page.total !== null;
    this.total = page.total ?? this.total;
    this.rowsRead += page.rows.length;
    this.report(false);
    return firstTotal;
  }

  onRecord(): void {
    this.recordsEmitted++;
  }

  report(final: boolean): void {
    const now = Date.now();
    if (!final && now - this.lastReportAt < REPORT_INTERVAL_MS) {
      return;
    }
    this.lastReportAt = now;

    const seconds = Math.max(0.001, (now - this.startedAt) / 1000);
    const of = this.total === null ? '' : ` of ${this.total} (${((100 * this.rowsRead) / Math.max(1, this.total)).toFixed(1)}%)`;
    const rate = Math.round(this.rowsRead / seconds);
    const verb = final ? 'finished reading' : 'has read';
    const retries = this.retries();
    this.logger.info(
      `${this.stream}: ${verb} ${this.rowsRead} rows${of} in ${seconds.toFixed(1)} s, ${rate} rows/s; emitted ${this.recordsEmitted} records; ${retries} ${retries === 1 ? 'retry' : 'retries'} so far.`,
    );
  }
}
