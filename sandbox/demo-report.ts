/** Terminal output of the demo: aligned tables, durations and paths. */

import path from 'node:path';

import type { ConfiguredAirbyteStream } from '../source-clienttether/generated/protocol';
import type { ClientChange, ClientComparison, ComparisonReason } from './demo-changes';
import type { ConnectorRun } from './demo-connector';

/** Indent of every line below a step's title. */
export const INDENT = '   ';

/** Rows of the comparison table beyond which unchanged clients are only counted. */
const MAX_UNCHANGED_ROWS = 10;

export function printLines(lines: readonly string[]): void {
  for (const line of lines) {
    console.log(`${INDENT}${line}`);
  }
}

/** Formats rows under a header, each column as wide as its widest cell. The `numeric` columns align right. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>, numeric: readonly number[] = []): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));

  const formatRow = (row: readonly string[]) =>
    row
      .map((cell, column) => (numeric.includes(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();

  return [formatRow(header), ...rows.map(formatRow)];
}

export function formatSeconds(ms: number | null): string {
  return ms === null ? '-' : `${(ms / 1000).toFixed(1)} s`;
}

/** Returns `file` relative to the working directory when it lies below it, else absolute. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/** Returns a stream's cursor value in a stream_state, or null when the state has none. */
export function cursorOf(streamState: Record<string, unknown> | undefined, cursorField: string | undefined): string | null {
  const value = cursorField === undefined ? undefined : streamState?.[cursorField];
  return typeof value === 'string' ? value : null;
}

/**
 * Formats one row per configured stream: mode, records, cursor before and after, last status and
 * time. `inputStates` contains the stream_state each stream started from.
 */
export function formatReadTable(
  streams: readonly ConfiguredAirbyteStream[],
  run: ConnectorRun,
  inputStates: ReadonlyMap<string, Record<string, unknown>>,
): string[] {
  const rows = streams.map((configured) => {
    const name = configured.stream.name;
    const outcome = run.streams.get(name);
    return [
      name,
      configured.sync_mode === 'incremental' ? 'incremental' : 'full refresh',
      String(outcome?.records ?? 0),
      formatCursorChange(configured, inputStates.get(name), outcome?.lastState?.stream_state),
      outcome?.status ?? 'NO STATUS',
      formatSeconds(outcome?.durationMs ?? null),
    ];
  });

  return formatTable(['stream', 'mode', 'records', 'state before → after (cursor)', 'status', 'time'], rows, [2, 5]);
}

function formatCursorChange(
  configured: ConfiguredAirbyteStream,
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
): string {
  if (configured.sync_mode !== 'incremental') {
    return '- (full refresh keeps no cursor)';
  }

  const cursorField = configured.cursor_field?.[0];
  const describe = (state: Record<string, unknown> | undefined) => cursorOf(state, cursorField) ?? '(none)';
  return `${describe(before)} → ${describe(after)}`;
}

export function formatChanges(changes: readonly ClientChange[]): string[] {
  const rows = changes.map((change) => [change.at, change.kind, change.clientId, change.description]);
  return formatTable(['sandbox time', 'change', 'client_id', 'what changed'], rows);
}

/** Formats the changed clients and the clients emitted again, then a summary line of the counts. */
export function formatComparison(comparison: ClientComparison, inputCursor: string | null): string[] {
  const changed = comparison.rows.filter((row) => isChange(row.reason));
  const unexpected = comparison.rows.filter((row) => row.reason === 'unexpected');
  const unchanged = comparison.rows.filter((row) => !isChange(row.reason) && row.reason !== 'unexpected');
  const listed = [...changed, ...unexpected, ...unchanged.slice(0, MAX_UNCHANGED_ROWS)];

  const rows = listed.map((row) => [row.clientId, row.reason, row.emitted ? 'yes' : 'NO', row.lastModified ?? '-']);
  const lines = formatTable(['client_id', 'why expected', 'emitted', 'last_modified_date emitted'], rows);
  if (unchanged.length > MAX_UNCHANGED_ROWS) {
    lines.push(`(${unchanged.length - MAX_UNCHANGED_ROWS} more unchanged clients not shown)`);
  }

  const emittedChanged = changed.filter((row) => row.emitted).length;
  const emittedUnchanged = unchanged.filter((row) => row.emitted).length;
  const emittedUnexpected = unexpected.length === 0 ? '' : `, and ${unexpected.length} unexpected`;
  lines.push(
    `Emitted ${emittedChanged + emittedUnchanged + unexpected.length} clients: ${emittedChanged} of the ${changed.length} changed, ` +
      `${emittedUnchanged} unchanged at or after the input cursor ${inputCursor ?? '(none)'}${emittedUnexpected}. ` +
      'The cursor is inclusive, so clients modified exactly at the cursor come again.',
  );
  return lines;
}

function isChange(reason: ComparisonReason): boolean {
  return reason === 'modified' || reason === 'created' || reason === 'archived';
}
