/**
 * The steps of the demo: check, discover, read, change the sandbox, read again. Each prints what
 * happened and throws a StepFailure with the reason when the connector's output is not as expected.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import type {
  AirbyteRecordMessage,
  AirbyteStream,
  ConfiguredAirbyteCatalog,
  ConfiguredAirbyteStream,
} from '../source-clienttether/generated/protocol';
import { changeClients, compareClients, type ClientChange } from './demo-changes';
import { describeRunFailure, nextInputState, runConnector, type ConnectorRun } from './demo-connector';
import { RecordFiles, writeJsonFile } from './demo-files';
import { cursorOf, displayPath, formatChanges, formatComparison, formatReadTable, formatSeconds, printLines } from './demo-report';
import type { Sandbox } from './server';

export class StepFailure extends Error {}

export interface DemoContext {
  sandbox: Sandbox;
  /** Absolute path of the output folder. */
  output: string;
  configPath: string;
  catalogPath: string;
}

/** A read as the demo saw it: the connector run and the last_modified_date of each client, by client_id. */
export interface ReadResult {
  run: ConnectorRun;
  clients: Map<string, string | null>;
  statePath: string;
}

/** The stream whose records the demo shows and compares with the sandbox's changes, and its cursor field. */
const CLIENTS_STREAM = 'clients';
const CLIENTS_CURSOR = 'last_modified_date';

/** Writes the config that points at the sandbox. Its credentials are the sandbox's fake constants. */
export function writeConfig(context: DemoContext): void {
  const account = context.sandbox.account();

  writeJsonFile(context.configPath, {
    access_token: context.sandbox.accessToken,
    web_key: account.webKey,
    time_zone: account.timeZone,
    api_url: context.sandbox.url,
  });
}

export async function checkStep(context: DemoContext): Promise<void> {
  const startedAt = performance.now();
  const run = await runConnector(['check', '--config', context.configPath]);
  const status = run.connectionStatus;

  failOn(describeRunFailure(run));
  if (status === null) {
    throw new StepFailure('the connector sent no CONNECTION_STATUS message');
  }

  const message = status.message === undefined ? '' : `: ${status.message}`;
  printLines([`${status.status}${message} (${formatSeconds(performance.now() - startedAt)})`]);
  if (status.status !== 'SUCCEEDED') {
    throw new StepFailure(`the connection check returned ${status.status}${message}`);
  }
}

/** Discovers the streams and writes the configured catalog: incremental where a stream has a cursor, else full refresh. */
export async function discoverStep(context: DemoContext): Promise<ConfiguredAirbyteCatalog> {
  const run = await runConnector(['discover', '--config', context.configPath]);

  failOn(describeRunFailure(run));
  const streams = run.catalog?.streams ?? [];
  if (streams.length === 0) {
    throw new StepFailure('the connector discovered no streams');
  }

  const catalog: ConfiguredAirbyteCatalog = { streams: streams.map(configureStream) };
  writeJsonFile(context.catalogPath, catalog);

  printLines([`${streams.length} streams discovered:`]);
  for (const configured of catalog.streams) {
    const cursor = configured.cursor_field === undefined ? '' : ` on ${configured.cursor_field.join('.')}`;
    printLines([`  ${configured.stream.name}: ${configured.sync_mode.replace('_', ' ')}${cursor}`]);
  }
  printLines([`Configured catalog: ${displayPath(context.catalogPath)}`]);
  return catalog;
}

function configureStream(stream: AirbyteStream): ConfiguredAirbyteStream {
  const incremental = stream.supported_sync_modes.includes('incremental') && stream.default_cursor_field !== undefined;
  const configured: ConfiguredAirbyteStream = {
    stream,
    sync_mode: incremental ? 'incremental' : 'full_refresh',
    destination_sync_mode: incremental ? 'append_dedup' : 'overwrite',
  };

  if (incremental) {
    configured.cursor_field = stream.default_cursor_field;
  }
  if (stream.source_defined_primary_key !== undefined) {
    configured.primary_key = stream.source_defined_primary_key;
  }
  return configured;
}

/**
 * Reads every stream of the catalog into `<output>/<folder>/<stream>.jsonl`, starting from the
 * state file `inputStatePath` when given, and writes the state the read ends with to
 * `<folder>/state.json`.
 */
export async function readStep(
  context: DemoContext,
  catalog: ConfiguredAirbyteCatalog,
  folder: string,
  inputStatePath?: string,
): Promise<ReadResult> {
  const startedAt = performance.now();
  const clients = new Map<string, string | null>();
  const files = new RecordFiles(path.join(context.output, folder), catalog.streams.map((configured) => configured.stream.name), (record) =>
    collectClient(record, clients),
  );

  const args = ['read', '--config', context.configPath, '--catalog', context.catalogPath];
  if (inputStatePath !== undefined) {
    args.push('--state', inputStatePath);
  }
  let run: ConnectorRun;
  try {
    run = await runConnector(args, files);
  } finally {
    await files.close();
  }
  const statePath = writeJsonFile(path.join(files.folder, 'state.json'), nextInputState(run));

  printReadSummary(catalog, run, inputStatePath, files.folder, performance.now() - startedAt);
  failOn(describeRunFailure(run));
  failOnIncompleteStreams(catalog, run);
  return { run, clients, statePath };
}

function printReadSummary(catalog: ConfiguredAirbyteCatalog, run: ConnectorRun, inputStatePath: string | undefined, folder: string, durationMs: number): void {
  printLines(formatReadTable(catalog.streams, run, readInputStates(inputStatePath)));
  printLines([
    `Read finished in ${formatSeconds(durationMs)} with exit code ${run.exitCode ?? run.signal}.`,
    `Records: ${displayPath(folder)}${path.sep}<stream>.jsonl, one record's data per line`,
    `State:   ${displayPath(path.join(folder, 'state.json'))}`,
  ]);
}

function collectClient(record: AirbyteRecordMessage, clients: Map<string, string | null>): void {
  if (record.stream !== CLIENTS_STREAM) {
    return;
  }

  const lastModified = record.data[CLIENTS_CURSOR];
  clients.set(String(record.data.client_id), typeof lastModified === 'string' ? lastModified : null);
}

/** Returns the stream_state of each stream in a state file that `readStep` wrote. */
function readInputStates(statePath: string | undefined): Map<string, Record<string, unknown>> {
  const states = new Map<string, Record<string, unknown>>();
  if (statePath === undefined) {
    return states;
  }

  const messages = JSON.parse(readFileSync(statePath, 'utf8')) as ReturnType<typeof nextInputState>;
  for (const message of messages) {
    states.set(message.stream.stream_descriptor.name, message.stream.stream_state ?? {});
  }
  return states;
}

function failOnIncompleteStreams(catalog: ConfiguredAirbyteCatalog, run: ConnectorRun): void {
  const incomplete = catalog.streams
    .map((configured) => ({ name: configured.stream.name, status: run.streams.get(configured.stream.name)?.status ?? null }))
    .filter((stream) => stream.status !== 'COMPLETE')
    .map((stream) => `${stream.name} (${stream.status ?? 'no stream status'})`);

  if (incomplete.length > 0) {
    const exitedCleanly = run.exitCode === 0 ? ', although the connector exited with code 0' : '';
    throw new StepFailure(`these streams did not end COMPLETE: ${incomplete.join(', ')}${exitedCleanly}`);
  }
}

/** Prints the first record of the first read's clients file, the one a person opens first. */
export function printSampleClient(firstRead: ReadResult): void {
  const file = path.join(path.dirname(firstRead.statePath), `${CLIENTS_STREAM}.jsonl`);
  const firstLine = readFileSync(file, 'utf8').split('\n')[0];

  if (firstLine === '') {
    printLines([`No client record in ${displayPath(file)} to show.`]);
    return;
  }

  printLines([`Sample client (first line of ${displayPath(file)}):`]);
  printLines(JSON.stringify(JSON.parse(firstLine), null, 2).split('\n').map((line) => `  ${line}`));
}

export function changeStep(context: DemoContext): ClientChange[] {
  const changes = changeClients(context.sandbox);

  printLines(formatChanges(changes));
  printLines([`The sandbox clock now shows ${context.sandbox.clock.now().toISOString()}.`]);
  return changes;
}

/** Checks that the incremental read emitted every changed client and nothing it should not have. */
export function compareStep(changes: readonly ClientChange[], firstRead: ReadResult, incrementalRead: ReadResult): void {
  const inputCursor = cursorOf(firstRead.run.streams.get(CLIENTS_STREAM)?.lastState?.stream_state, CLIENTS_CURSOR);
  const comparison = compareClients(changes, firstRead.clients, incrementalRead.clients, inputCursor);

  printLines(['Clients changed in the sandbox, and the unchanged clients the read emitted again:']);
  printLines(formatComparison(comparison, inputCursor));
  if (comparison.missing.length > 0) {
    throw new StepFailure(`the incremental read did not emit these clients: ${comparison.missing.join(', ')}`);
  }
  if (comparison.unexpected.length > 0) {
    throw new StepFailure(`the incremental read emitted clients that did not change and lie before its cursor: ${comparison.unexpected.join(', ')}`);
  }
}

function failOn(problem: string | null): void {
  if (problem !== null) {
    throw new StepFailure(problem);
  }
}
