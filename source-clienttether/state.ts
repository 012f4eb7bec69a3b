import { configError } from './errors';
import { readJsonFile } from './files';
import type { Logger } from './protocol/logger';
import { formatUtc } from './timestamps';

/** Each stream's saved `stream_state`, by stream name. */
export type InputState = Map<string, Record<string, unknown>>;

const STATE_FIX = 'Pass the state that the last sync emitted, or no --state to start from the Sync From Date.';

/**
 * Reads `--state` in every shape a platform sends: no file, an empty file, null, [] or {}, a list
 * of STREAM states, a single GLOBAL state (its stream_states are used), and, for migration, LEGACY
 * shapes: a `{"type": "LEGACY", "data": {...}}` message or a plain object keyed by stream name.
 */
export function readInputState(path: string | undefined, logger: Logger): InputState {
  if (path === undefined) {
    return new Map();
  }

  const file = readJsonFile(path, 'state', STATE_FIX);
  if (!file.found) {
    logger.info(`State file ${path} does not exist; every stream starts from the Sync From Date.`);
    return new Map();
  }
  if (file.empty) {
    return new Map();
  }
  return parseInputState(file.value, logger);
}

export function parseInputState(value: unknown, logger: Logger): InputState {
  const states: InputState = new Map();
  if (value === null || (Array.isArray(value) && value.length === 0)) {
    return states;
  }

  if (!Array.isArray(value)) {
    if (typeof value !== 'object') {
      throw configError(`The state must be a JSON list of state messages, but it is ${typeof value}. ${STATE_FIX}`);
    }
    return legacyStates(value as Record<string, unknown>, states, logger);
  }

  value.forEach((message, index) => readStateMessage(message, index, states, logger));
  return states;
}

function readStateMessage(message: unknown, index: number, states: InputState, logger: Logger): void {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    throw configError(`State message ${index} is not a JSON object. ${STATE_FIX}`);
  }
  const state = message as Record<string, unknown>;
  const type = state.type ?? inferStateType(state);

  if (type === 'STREAM') {
    addStreamState(state.stream, `state message ${index}`, states);
  } else if (type === 'GLOBAL') {
    const streamStates = (state.global as { stream_states?: unknown } | undefined)?.stream_states;
    if (!Array.isArray(streamStates)) {
      throw configError(`GLOBAL state message ${index} has no stream_states list. ${STATE_FIX}`);
    }
    streamStates.forEach((streamState, position) => addStreamState(streamState, `GLOBAL stream_states[${position}]`, states));
  } else if (type === 'LEGACY') {
    legacyStates((state.data ?? {}) as Record<string, unknown>, states, logger);
  } else {
    throw configError(`State message ${index} has type ${JSON.stringify(type)}; expected STREAM, GLOBAL or LEGACY. ${STATE_FIX}`);
  }
}

/** Reads the type of a state message without one, as the platform does: LEGACY when it has `data`. */
function inferStateType(state: Record<string, unknown>): string {
  if (state.data) {
    return 'LEGACY';
  }
  return state.global ? 'GLOBAL' : 'STREAM';
}

function addStreamState(value: unknown, where: string, states: InputState): void {
  const streamState = value as { stream_descriptor?: { name?: unknown }; stream_state?: unknown } | undefined;
  const name = streamState?.stream_descriptor?.name;
  if (typeof name !== 'string') {
    throw configError(`The ${where} has no stream_descriptor.name. ${STATE_FIX}`);
  }

  const blob = streamState?.stream_state;
  if (blob === null || blob === undefined) {
    return; // A null stream_state is how the platform resets a stream.
  }
  if (typeof blob !== 'object' || Array.isArray(blob)) {
    throw invalidStreamState(name, 'its stream_state is not a JSON object');
  }
  states.set(name, blob as Record<string, unknown>);
}

function legacyStates(map: Record<string, unknown>, states: InputState, logger: Logger): InputState {
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    throw configError(`The LEGACY state is not an object keyed by stream name. ${STATE_FIX}`);
  }
  for (const [name, blob] of Object.entries(map)) {
    if (typeof blob === 'object' && blob !== null && !Array.isArray(blob)) {
      states.set(name, blob as Record<string, unknown>);
    } else if (blob !== null) {
      throw invalidStreamState(name, 'its LEGACY state is not a JSON object');
    }
  }
  if (states.size > 0) {
    logger.warn(`Read a LEGACY state for ${[...states.keys()].join(', ')}; the connector writes per-stream (STREAM) state from now on.`);
  }
  return states;
}

export function invalidStreamState(stream: string, problem: string) {
  return configError(
    `The saved state of stream ${stream} is invalid: ${problem}. ` +
      `Clear that stream's data in Airbyte (the connection's Settings, then "Clear data" or "Reset" for ${stream}) so it syncs again from the Sync From Date.`,
  );
}

/** Position of an unfinished incremental scan, saved with intermediate checkpoints. */
export interface ScanCheckpoint {
  startedAtMs: number;
  nextOffset: number;
  boundaryKey: string;
  maxSeenMs: number | null;
  shiftDetected: boolean;
}

/** An incremental stream's state: the lower bound of the next scan, and an unfinished scan, if any. */
export interface CursorState {
  cursorMs: number | null;
  scan: ScanCheckpoint | null;
}

/** An RFC 3339 date-time, or a date alone (midnight UTC), which older LEGACY states hold. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/i;

/** Reads an incremental stream's saved state; a cursor that is not a date-time is a config_error. */
export function readCursorState(stream: string, cursorField: string, blob: Record<string, unknown> | undefined, logger: Logger): CursorState {
  if (blob === undefined) {
    return { cursorMs: null, scan: null };
  }

  const value = blob[cursorField];
  let cursorMs: number | null = null;
  if (value !== undefined && value !== null) {
    cursorMs = typeof value === 'string' && RFC3339.test(value) ? Date.parse(value) : NaN;
    if (Number.isNaN(cursorMs)) {
      throw invalidStreamState(stream, `${cursorField} ${JSON.stringify(value)} is not an RFC 3339 date-time`);
    }
  }

  return { cursorMs, scan: readScanCheckpoint(stream, blob.scan, logger) };
}

function readScanCheckpoint(stream: string, value: unknown, logger: Logger): ScanCheckpoint | null {
  if (value === undefined || value === null) {
    return null;
  }
  const scan = value as Record<string, unknown>;
  const startedAtMs = typeof scan.started_at === 'string' ? Date.parse(scan.started_at) : NaN;
  const maxSeenMs = typeof scan.max_seen === 'string' ? Date.parse(scan.max_seen) : null;
  const valid =
    Number.isInteger(scan.next_offset) &&
    (scan.next_offset as number) >= 0 &&
    typeof scan.boundary_key === 'string' &&
    !Number.isNaN(startedAtMs) &&
    (maxSeenMs === null || !Number.isNaN(maxSeenMs));

  if (!valid) {
    // Dropping the checkpoint only costs a full scan: the cursor it came with still holds.
    logger.warn(`${stream}: the saved scan checkpoint is unreadable, so the scan starts from offset 0 with the saved cursor.`);
    return null;
  }
  return {
    startedAtMs,
    nextOffset: scan.next_offset as number,
    boundaryKey: scan.boundary_key as string,
    maxSeenMs,
    shiftDetected: scan.shift_detected === true,
  };
}

export function writeCursorState(cursorField: string, state: CursorState): Record<string, unknown> {
  const blob: Record<string, unknown> = {};
  if (state.cursorMs !== null) {
    blob[cursorField] = formatUtc(state.cursorMs);
  }
  if (state.scan) {
    blob.scan = {
      started_at: formatUtc(state.scan.startedAtMs),
      next_offset: state.scan.nextOffset,
      boundary_key: state.scan.boundaryKey,
      max_seen: state.scan.maxSeenMs === null ? null : formatUtc(state.scan.maxSeenMs),
      shift_detected: state.scan.shiftDetected,
    };
  }
  return blob;
}
