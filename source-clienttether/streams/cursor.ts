import type { ApiPage } from '../http/client';
import type { CursorState, ScanCheckpoint } from '../state';
import type { ScanPosition } from './pages';

/** The server's Date header has whole seconds, so the scan start is set this much earlier. */
const DATE_HEADER_RESOLUTION_MS = 1000;

/**
 * The incremental cursor of one scan over an unordered list. It emits records modified at or after
 * the lower bound, ties included, and keeps that bound in every intermediate checkpoint. At the end
 * it moves to the latest value seen, but never past the moment the scan started. Records changed
 * during the scan are therefore read again by the next sync.
 */
export class IncrementalCursor {
  readonly lowerBoundMs: number | null;
  private scanStartMs: number | null;
  private maxSeenMs: number | null;
  private shiftDetected: boolean;

  constructor(saved: CursorState, startDateMs: number | null) {
    this.lowerBoundMs = maxOf(saved.cursorMs, startDateMs);
    this.scanStartMs = saved.scan?.startedAtMs ?? null;
    this.maxSeenMs = saved.scan?.maxSeenMs ?? null;
    this.shiftDetected = saved.scan?.shiftDetected ?? false;
  }

  /** Records without a readable cursor value are always emitted: they cannot be compared. */
  includes(cursorMs: number | null): boolean {
    return cursorMs === null || this.lowerBoundMs === null || cursorMs >= this.lowerBoundMs;
  }

  observe(cursorMs: number | null): void {
    if (cursorMs !== null) {
      this.maxSeenMs = maxOf(this.maxSeenMs, cursorMs);
    }
  }

  /**
   * Sets the scan's start from its first response. It is the earlier of two readings: this
   * machine's clock when the request left, and the server's Date header less the round trip.
   * Skew in either clock can then not put the start after a change the scan did not see.
   */
  // NOTE: record times are converted with the configured time zone, and the scan start comes from
  // real clocks. A wrong time zone setting shifts one against the other by hours, so changes made
  // during a scan are no longer guaranteed to be read by the next sync.
  startScan(api: ApiPage): void {
    if (this.scanStartMs !== null) {
      return;
    }
    const roundTripMs = api.answeredAtMs - api.sentAtMs;
    const serverStart = api.serverDateMs === null ? Infinity : api.serverDateMs - roundTripMs - DATE_HEADER_RESOLUTION_MS;
    this.scanStartMs = Math.min(api.sentAtMs, serverStart);
  }

  markShift(): void {
    this.shiftDetected = true;
  }

  get shifted(): boolean {
    return this.shiftDetected;
  }

  /** Builds a checkpoint inside the scan: the same lower bound, plus the position to resume from. */
  checkpoint(position: ScanPosition): CursorState {
    const scan: ScanCheckpoint | null =
      position.boundaryKey === null || this.scanStartMs === null
        ? null
        : {
            startedAtMs: this.scanStartMs,
            nextOffset: position.offset,
            boundaryKey: position.boundaryKey,
            maxSeenMs: this.maxSeenMs,
            shiftDetected: this.shiftDetected,
          };
    return { cursorMs: this.lowerBoundMs, scan };
  }

  /** Builds the state after a complete scan. A detected offset shift keeps the lower bound where it was. */
  final(): CursorState {
    if (this.shiftDetected) {
      return { cursorMs: this.lowerBoundMs, scan: null };
    }
    const reached = this.maxSeenMs === null || this.scanStartMs === null ? this.maxSeenMs : Math.min(this.maxSeenMs, this.scanStartMs);
    return { cursorMs: maxOf(this.lowerBoundMs, reached), scan: null };
  }
}

function maxOf(a: number | null, b: number | null): number | null {
  if (a === null) {
    return b;
  }
  return b === null ? a : Math.max(a, b);
}
