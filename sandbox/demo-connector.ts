/**
 * Runs the built connector CLI as a child process, as the Airbyte platform does, and collects
 * what the demo shows: per-stream record counts, statuses, timings and states.
 */

import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import Ajv from 'ajv';

import protocolSchema from '../source-clienttether/protocol/airbyte-message.schema.json';
import type {
  AirbyteCatalog,
  AirbyteConnectionStatus,
  AirbyteMessage,
  AirbyteRecordMessage,
  AirbyteStreamState,
} from '../source-clienttether/generated/protocol';

/** The launcher that the image's ENTRYPOINT runs: the built connector under node with its heap limits. */
export const CONNECTOR_CLI = path.join(__dirname, '..', '..', 'bin', 'source-clienttether');

/** Log levels that the demo prints. It drops INFO and lower levels, which report routine progress. */
const FORWARDED_LOG_LEVELS = new Set(['WARN', 'ERROR', 'FATAL']);

const MAX_STDERR_CHARS = 4000;
const MAX_LINE_EXCERPT = 200;

const validateMessage = new Ajv({ strict: false, allErrors: false }).compile(protocolSchema);

/** Receives the records of a read. `write` returns false when the demo should wait for `whenWritable`. */
export interface RecordSink {
  write(record: AirbyteRecordMessage): boolean;
  whenWritable(): Promise<void>;
}

export interface StreamOutcome {
  records: number;
  /** The last STREAM_STATUS, such as COMPLETE, or null when the connector sent none. */
  status: string | null;
  /** Milliseconds from the STARTED status to the last status, measured where the demo receives them. */
  durationMs: number | null;
  /** The `stream` of the stream's last STATE message, which the next read takes as input. */
  lastState: AirbyteStreamState | null;
  /** performance.now() when the first STREAM_STATUS arrived. */
  startedAt: number | null;
}

export interface ConnectorRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Streams in the order of their first message. */
  streams: Map<string, StreamOutcome>;
  connectionStatus: AirbyteConnectionStatus | null;
  catalog: AirbyteCatalog | null;
  /** Messages of ERROR traces, prefixed with the stream when the trace names one. */
  errors: string[];
  /** stdout lines that are not valid Airbyte messages. */
  protocolErrors: string[];
  /** The last characters of stderr. The connector writes its messages to stdout, so stderr is usually empty. */
  stderr: string;
}

/** Runs `bin/source-clienttether ARGS` to its end. WARN and ERROR logs and error traces are printed as they arrive. */
export function runConnector(args: string[], sink?: RecordSink): Promise<ConnectorRun> {
  const run: ConnectorRun = {
    exitCode: null,
    signal: null,
    streams: new Map(),
    connectionStatus: null,
    catalog: null,
    errors: [],
    protocolErrors: [],
    stderr: '',
  };

  return new Promise((resolve, reject) => {
    const child = spawn(CONNECTOR_CLI, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    let waitingForSink = false;

    // Lines already received are still handled while stdout is paused, because the pause only stops further reads.
    const pauseUntilWritable = () => {
      if (waitingForSink || sink === undefined) {
        return;
      }
      waitingForSink = true;
      child.stdout.pause();
      void sink.whenWritable().then(() => {
        waitingForSink = false;
        child.stdout.resume();
      });
    };

    const handleLine = (line: string) => {
      const message = parseMessage(line, run);
      if (message === null) {
        return;
      }

      if (message.type === 'RECORD' && sink !== undefined && !sink.write(message.record as AirbyteRecordMessage)) {
        pauseUntilWritable();
      }
      collect(message, run);
    };

    // An error while handling output (such as a failed record file) stops the connector and rejects the run.
    let handlingError: unknown = null;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() as string;
      try {
        lines.forEach(handleLine);
      } catch (error) {
        handlingError ??= error;
        child.kill('SIGTERM');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      run.stderr = (run.stderr + chunk).slice(-MAX_STDERR_CHARS);
    });

    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (handlingError !== null) {
        reject(handlingError);
        return;
      }
      if (pending !== '') {
        run.protocolErrors.push(`stdout ended without a newline: ${pending.slice(0, MAX_LINE_EXCERPT)}`);
      }
      run.exitCode = code;
      run.signal = signal;
      resolve(run);
    });
  });
}

function parseMessage(line: string, run: ConnectorRun): AirbyteMessage | null {
  if (line.trim() === '') {
    return null;
  }

  let message: unknown;
  try {
    message = JSON.parse(line);
  } catch {
    run.protocolErrors.push(`stdout line is not JSON: ${line.slice(0, MAX_LINE_EXCERPT)}`);
    return null;
  }

  if (!validateMessage(message)) {
    const problem = validateMessage.errors?.[0];
    const where = problem === undefined ? '' : ` (${problem.instancePath || '/'} ${problem.message})`;
    run.protocolErrors.push(`stdout line is not a valid Airbyte message${where}: ${line.slice(0, MAX_LINE_EXCERPT)}`);
    return null;
  }

  return message as AirbyteMessage;
}

function collect(message: AirbyteMessage, run: ConnectorRun): void {
  switch (message.type) {
    case 'RECORD':
      streamOutcome(run, message.record!.stream).records++;
      break;
    case 'STATE':
      collectState(message, run);
      break;
    case 'TRACE':
      collectTrace(message, run);
      break;
    case 'LOG':
      forwardLog(message);
      break;
    case 'CONNECTION_STATUS':
      run.connectionStatus = message.connectionStatus!;
      break;
    case 'CATALOG':
      run.catalog = message.catalog!;
      break;
  }
}

function collectState(message: AirbyteMessage, run: ConnectorRun): void {
  const stream = message.state?.stream;

  // The connector writes per-stream state only, so a GLOBAL or LEGACY state would be a change to report.
  if (message.state?.type !== 'STREAM' || stream === undefined) {
    run.protocolErrors.push(`expected a STREAM state, but got ${JSON.stringify(message.state).slice(0, MAX_LINE_EXCERPT)}`);
    return;
  }

  streamOutcome(run, stream.stream_descriptor.name).lastState = stream;
}

function collectTrace(message: AirbyteMessage, run: ConnectorRun): void {
  const trace = message.trace!;

  if (trace.type === 'STREAM_STATUS' && trace.stream_status !== undefined) {
    const outcome = streamOutcome(run, trace.stream_status.stream_descriptor.name);
    const now = performance.now();
    outcome.status = trace.stream_status.status;
    outcome.startedAt ??= now;
    outcome.durationMs = now - outcome.startedAt;
  }

  if (trace.type === 'ERROR' && trace.error !== undefined) {
    const stream = trace.error.stream_descriptor?.name;
    const text = stream === undefined ? trace.error.message : `${stream}: ${trace.error.message}`;
    run.errors.push(text);
    console.log(`     connector error (${trace.error.failure_type ?? 'no failure type'}): ${text}`);
  }
}

function forwardLog(message: AirbyteMessage): void {
  const log = message.log!;

  if (FORWARDED_LOG_LEVELS.has(log.level)) {
    console.log(`     connector ${log.level}: ${log.message}`);
  }
}

function streamOutcome(run: ConnectorRun, name: string): StreamOutcome {
  let outcome = run.streams.get(name);

  if (outcome === undefined) {
    outcome = { records: 0, status: null, durationMs: null, lastState: null, startedAt: null };
    run.streams.set(name, outcome);
  }

  return outcome;
}

/** Returns the state the platform passes to the next read: the last STATE of each stream, as a list. */
export function nextInputState(run: ConnectorRun): Array<{ type: 'STREAM'; stream: AirbyteStreamState }> {
  return [...run.streams.values()]
    .filter((outcome) => outcome.lastState !== null)
    .map((outcome) => ({ type: 'STREAM', stream: outcome.lastState as AirbyteStreamState }));
}

/** Describes how a run failed, or returns null when the exit code is 0 and the output is valid. */
export function describeRunFailure(run: ConnectorRun): string | null {
  const problems: string[] = [];

  if (run.signal !== null) {
    problems.push(`the connector was killed by ${run.signal}`);
  } else if (run.exitCode !== 0) {
    problems.push(`the connector exited with code ${run.exitCode}`);
  }
  problems.push(...run.protocolErrors.slice(0, 3), ...run.errors);

  if (problems.length === 0) {
    return null;
  }

  const stderr = run.stderr.trim() === '' ? '' : `\nconnector stderr:\n${run.stderr.trim()}`;
  return problems.join('; ') + stderr;
}
