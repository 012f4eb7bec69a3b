/** Runs the built connector as the platform does: a child process, JSON files in, protocol lines out. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import Ajv from 'ajv';

import protocolSchema from '../../source-clienttether/protocol/airbyte-message.schema.json';
import type { AirbyteMessage } from '../../source-clienttether/generated/protocol';

/** The launcher that the image's ENTRYPOINT runs: node with the connector's heap limits. */
export const CLI = path.join(__dirname, '..', '..', 'bin', 'source-clienttether');

const validateMessage = new Ajv({ strict: false, allErrors: true }).compile(protocolSchema);

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  messages: AirbyteMessage[];
}

export interface RunOptions {
  env?: Record<string, string>;
  /** Called for each message as it arrives, with the child, so a test can signal it mid-sync. */
  onMessage?: (message: AirbyteMessage, child: ChildProcess) => void;
  timeoutMs?: number;
  /** Pause reading stdout for `pauseMs` after every `pauseEveryChunks` chunks, like a slow platform. */
  pauseEveryChunks?: number;
  pauseMs?: number;
}

/**
 * Spawns `bin/source-clienttether ARGS` and collects its output. Every stdout line
 * must parse as JSON and validate as an Airbyte message, or the run fails the test.
 */
export function runConnector(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(CLI, args, {
      env: { ...process.env, LOG_LEVEL: 'INFO', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const messages: AirbyteMessage[] = [];
    let stdout = '';
    let stderr = '';
    let pending = '';
    let protocolError: Error | null = null;

    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 50_000);

    let chunks = 0;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (options.pauseEveryChunks && ++chunks % options.pauseEveryChunks === 0) {
        child.stdout.pause();
        setTimeout(() => child.stdout.resume(), options.pauseMs ?? 30);
      }
      stdout += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() as string;
      for (const line of lines) {
        const message = parseLine(line);
        if (message instanceof Error) {
          protocolError ??= message;
          continue;
        }
        messages.push(message);
        options.onMessage?.(message, child);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (pending !== '' && signal === null) {
        protocolError ??= new Error(`stdout ended without a newline: ${pending.slice(0, 200)}`);
      }
      if (protocolError) {
        reject(protocolError);
        return;
      }
      resolve({ code, signal, stdout, stderr, messages });
    });
  });
}

function parseLine(line: string): AirbyteMessage | Error {
  let message: unknown;
  try {
    message = JSON.parse(line);
  } catch {
    return new Error(`stdout line is not JSON: ${line.slice(0, 200)}`);
  }
  if (!validateMessage(message)) {
    return new Error(`stdout line is not a valid Airbyte message (${JSON.stringify(validateMessage.errors?.[0])}): ${line.slice(0, 200)}`);
  }
  return message as AirbyteMessage;
}

/** Writes JSON (or raw text) to a new temporary file and returns its path. */
export function tempFile(name: string, content: unknown): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'source-clienttether-test-'));
  const file = path.join(directory, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

export type SyncMode = 'full_refresh' | 'incremental';

export function configuredCatalog(streams: Array<[string, SyncMode]>): unknown {
  return {
    streams: streams.map(([name, syncMode]) => ({
      stream: { name, json_schema: {}, supported_sync_modes: ['full_refresh', 'incremental'] },
      sync_mode: syncMode,
      destination_sync_mode: syncMode === 'incremental' ? 'append_dedup' : 'overwrite',
    })),
  };
}

export const records = (result: RunResult, stream?: string) =>
  result.messages
    .filter((message) => message.type === 'RECORD' && (stream === undefined || message.record?.stream === stream))
    .map((message) => message.record!);

export const states = (result: RunResult, stream?: string) =>
  result.messages
    .filter((message) => message.type === 'STATE' && (stream === undefined || message.state?.stream?.stream_descriptor.name === stream))
    .map((message) => message.state!);

export const statuses = (result: RunResult, stream: string) =>
  result.messages
    .filter((message) => message.trace?.type === 'STREAM_STATUS' && message.trace.stream_status?.stream_descriptor.name === stream)
    .map((message) => message.trace!.stream_status!.status);

export const errorTraces = (result: RunResult) =>
  result.messages.filter((message) => message.trace?.type === 'ERROR').map((message) => message.trace!.error!);

export const logs = (result: RunResult) =>
  result.messages.filter((message) => message.type === 'LOG').map((message) => message.log!);

export const connectionStatus = (result: RunResult) =>
  result.messages.filter((message) => message.type === 'CONNECTION_STATUS').map((message) => message.connectionStatus!);

/** Builds the input state the platform would pass next: the last STATE of each stream, as a list. */
export function nextInputState(result: RunResult): unknown[] {
  const latest = new Map<string, unknown>();
  for (const state of states(result)) {
    latest.set(state.stream!.stream_descriptor.name, { type: 'STREAM', stream: state.stream });
  }
  return [...latest.values()];
}
