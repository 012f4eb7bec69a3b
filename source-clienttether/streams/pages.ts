import { ConnectorError } from '../errors';
import type { ApiPage, ClientTetherClient } from '../http/client';
import type { Logger } from '../protocol/logger';
import type { AdaptiveConcurrency } from './concurrency';
import type { StreamDeclaration } from './declarations';

/** Position of a scan: the next row offset, and the key of the row just before it. */
export interface ScanPosition {
  offset: number;
  boundaryKey: string | null;
}

export interface ScannedPage {
  /** Rows not seen before in this scan, in list order. */
  rows: unknown[];
  /** Row offset of rows[0] in the list. */
  firstOffset: number;
  /** TotalRecord of this response, if it had one. */
  total: number | null;
  /** The position right after this page, safe to checkpoint once its rows are emitted. */
  next: ScanPosition;
  api: ApiPage;
}

export const PAGE_SIZE = 100;

/** Pages allowed for a list whose TotalRecord is unknown, so that no scan can loop forever. */
// NOTE: a list without TotalRecord that is longer than this many pages stops with an error.
const MAX_PAGES_WITHOUT_TOTAL = 100_000;

/**
 * Reads a whole list with limit/offset paging, detecting what offset paging hides.
 *
 * Every request after the first starts one row before the next new row, so each page must start
 * with the last row of the page before. When it does not, rows were inserted or deleted before
 * the current offset and some rows may have been passed over. The scan goes on, and `shiftDetected`
 * warns the caller not to move a cursor on it. A TotalRecord that changes during the scan
 * means the same. With a known TotalRecord, later pages are requested in parallel (bounded by
 * `concurrency`) and still come out in list order.
 *
 * The scan stops on an empty page, on CT515, or once the offset reaches TotalRecord. A page that
 * comes back identical, a request count past the cap, or a list that ends before TotalRecord
 * (unless rows were deleted meanwhile) is an error, never a silent end.
 */
export class PageScanner {
  shiftDetected = false;
  requests = 0;
  pagesConsumed = 0;
  restarted = false;

  private firstTotal: number | null = null;
  private latestTotal: number | null = null;
  private fullPageRows: number | null = null;
  private previousSignature: string | null = null;

  constructor(
    private readonly client: ClientTetherClient,
    private readonly stream: StreamDeclaration,
    private readonly logger: Logger,
    private readonly concurrency: AdaptiveConcurrency,
    private readonly resumeFrom: ScanPosition | null = null,
  ) {}

  async *pages(): AsyncGenerator<ScannedPage> {
    let position: ScanPosition = this.resumeFrom ?? { offset: 0, boundaryKey: null };
    let resuming = this.resumeFrom !== null && this.resumeFrom.offset > 0;
    const window: Array<{ offset: number; answer: Promise<ApiPage> }> = [];

    for (;;) {
      const nextRequestOffset = requestOffset(position);
      if (window.length === 0 || window[0].offset !== nextRequestOffset) {
        // The pages in flight were planned for another alignment, so their responses are dropped.
        window.length = 0;
        window.push(this.request(nextRequestOffset));
      }
      this.fillWindow(window);

      const head = window.shift() as { offset: number; answer: Promise<ApiPage> };
      const api = await head.answer;
      this.guardAgainstLoop();
      this.concurrency.onSuccess();
      this.trackTotal(api.total);

      const items = this.stream.rowsOf ? this.stream.rowsOf(api.items) : api.items;
      const signature = signatureOf(items, this.stream);
      if (signature !== null && signature === this.previousSignature) {
        if (this.stream.offsetMayBeIgnored) {
          this.logger.info(`${this.stream.name}: ${this.stream.operation} ignores offset and returned its list again; the list is complete.`);
          return;
        }
        throw new ConnectorError(
          'system_error',
          `${this.stream.operation} returned the same page again at offset ${head.offset}, so paging does not advance. The stream stopped to avoid a loop.`,
        );
      }
      this.previousSignature = signature;
      this.fullPageRows ??= items.length > 0 ? items.length : null;

      let rows = items;
      const overlapped = head.offset === position.offset - 1 && position.boundaryKey !== null;
      const boundaryFound = overlapped && rows.length > 0 && keyOf(rows[0], this.stream) === position.boundaryKey;
      if (resuming && !boundaryFound) {
        // The checkpoint's row moved or vanished, so rows may have shifted to before the offset.
        this.logger.warn(
          `${this.stream.name}: the list changed since the checkpoint at offset ${position.offset}, so the scan restarts from offset 0 with the same cursor.`,
        );
        this.restarted = true;
        resuming = false;
        position = { offset: 0, boundaryKey: null };
        this.previousSignature = null;
        continue;
      }
      resuming = false;

      if (boundaryFound) {
        rows = rows.slice(1);
      } else if (overlapped) {
        // NOTE: an API whose row order is not stable between requests trips this on most pages,
        // so the cursor never advances: safe, but every incremental sync then re-reads everything.
        this.markShift(`the row before offset ${position.offset} moved or vanished while the scan ran`);
      }

      if (rows.length === 0) {
        await this.checkEnd(position.offset);
        return;
      }

      const firstOffset = position.offset;
      position = { offset: position.offset + rows.length, boundaryKey: keyOf(rows[rows.length - 1], this.stream) };
      yield { rows, firstOffset, total: api.total, next: position, api };

      if (this.latestTotal !== null && position.offset >= this.latestTotal) {
        return;
      }
    }
  }

  /**
   * Caps the pages one scan consumes. Every consumed page moves the offset forward, so only an API
   * whose list never ends reaches the cap. Prefetched pages dropped after a shift don't count.
   */
  private guardAgainstLoop(): void {
    this.pagesConsumed++;
    const cap = this.pageCap();
    if (this.pagesConsumed > cap) {
      throw new ConnectorError(
        'system_error',
        `${this.stream.operation} returned more than ${cap} pages in one scan, more than its TotalRecord allows, so the stream stopped to avoid a loop.`,
      );
    }
  }

  private request(offset: number): { offset: number; answer: Promise<ApiPage> } {
    this.requests++;
    const answer = this.client.list(this.stream.operation, offset, PAGE_SIZE);
    // A dropped prefetch must not surface as an unhandled rejection; the awaited one still throws.
    answer.catch(() => undefined);
    return { offset, answer };
  }

  /** Plans the next pages while the list's length and page size are known. */
  private fillWindow(window: Array<{ offset: number; answer: Promise<ApiPage> }>): void {
    if (this.latestTotal === null || this.fullPageRows === null || this.fullPageRows < 2) {
      return;
    }
    const stride = this.fullPageRows - 1;
    while (window.length < this.concurrency.current) {
      const offset = window[window.length - 1].offset + stride;
      if (offset + 1 >= this.latestTotal) {
        return;
      }
      window.push(this.request(offset));
    }
  }

  private pageCap(): number {
    if (this.latestTotal === null) {
      return MAX_PAGES_WITHOUT_TOTAL;
    }
    const stride = Math.max(1, (this.fullPageRows ?? PAGE_SIZE) - 1);
    return 2 * Math.ceil(Math.max(this.latestTotal, this.firstTotal ?? 0) / stride) + 10;
  }

  private trackTotal(total: number | null): void {
    if (total === null) {
      return;
    }
    this.firstTotal ??= total;
    if (this.latestTotal !== null && total !== this.latestTotal) {
      this.markShift(`TotalRecord changed from ${this.latestTotal} to ${total} while the scan ran`);
    }
    this.latestTotal = total;
  }

  private markShift(reason: string): void {
    if (!this.shiftDetected) {
      this.logger.warn(`${this.stream.name}: ${reason}, so offsets may have shifted and rows may have been passed over.`);
    }
    this.shiftDetected = true;
  }

  /**
   * Accepts an end of list before TotalRecord only when the list really got shorter meanwhile.
   */
  private async checkEnd(offset: number): Promise<void> {
    if (this.latestTotal === null || offset >= this.latestTotal) {
      return;
    }

    const current = await this.client.list(this.stream.operation, 0, 1);
    this.requests++;
    if (current.total === null || offset >= current.total) {
      this.markShift(`the list ended at offset ${offset} before the TotalRecord of ${this.latestTotal}`);
      return;
    }
    throw new ConnectorError(
      'transient_error',
      `${this.stream.operation} stopped returning rows at offset ${offset}, but reports ${current.total} records. The stream is incomplete; the next sync will retry.`,
    );
  }
}

function requestOffset(position: ScanPosition): number {
  return position.offset > 0 && position.boundaryKey !== null ? position.offset - 1 : position.offset;
}

/** Identifies a row by its primary key, or by its whole content when it has none. */
export function keyOf(row: unknown, stream: StreamDeclaration): string {
  if (typeof row === 'object' && row !== null && !Array.isArray(row)) {
    const key = (row as Record<string, unknown>)[stream.primaryKey];
    if (key !== undefined && key !== null) {
      return `key:${String(key)}`;
    }
  }
  return `row:${JSON.stringify(row)}`;
}

function signatureOf(items: unknown[], stream: StreamDeclaration): string | null {
  if (items.length === 0) {
    return null;
  }
  return `${items.length}|${keyOf(items[0], stream)}|${keyOf(items[items.length - 1], stream)}`;
}
