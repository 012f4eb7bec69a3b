/** Runs the built demo (dist/sandbox/demo.js) as a child process and checks what it prints and writes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { CLI, connectionStatus, runConnector } from '../helpers/connector';

const DEMO = path.join(__dirname, '..', '..', 'dist', 'sandbox', 'demo.js');
const STREAMS = ['clients', 'opportunities', 'users', 'sales_cycles', 'lead_sources', 'action_plans'];
const CLIENTS = 300;

interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function startDemo(args: string[]): ChildProcess {
  return spawn(process.execPath, [DEMO, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

function runDemo(args: string[], timeoutMs = 50_000): Promise<DemoRun> {
  return new Promise((resolve, reject) => {
    const child = startDemo(args);
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);

    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Returns the lines of the step whose title starts with `title`, up to the next step. */
function section(stdout: string, title: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => new RegExp(`^\\d+\\. ${title.replace(/[()]/g, '\\$&')}`).test(line));
  if (start < 0) {
    throw new Error(`The demo printed no step titled ${JSON.stringify(title)}:\n${stdout}`);
  }

  const end = lines.findIndex((line, index) => index > start && /^(\d+\. |Demo )/.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** Reads the records column of a read step's table, by stream. */
function printedRecordCounts(lines: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of lines) {
    const match = /^\s+(\w+)\s+(?:incremental|full refresh)\s+(\d+)\s/.exec(line);
    if (match) {
      counts.set(match[1], Number(match[2]));
    }
  }
  return counts;
}

/** Reads the table of the change step: the kind of change by client_id, and the sandbox time of each. */
function printedChanges(stdout: string): Array<{ at: string; kind: string; clientId: string }> {
  return section(stdout, 'change clients')
    .map((line) => /^\s+(\S+Z)\s+(modified|created|archived)\s+(\d+)\s/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, at, kind, clientId]) => ({ at, kind, clientId }));
}

function readJsonLines(file: string): Array<Record<string, unknown>> {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function readState(file: string): Map<string, Record<string, unknown>> {
  const messages = JSON.parse(readFileSync(file, 'utf8')) as Array<{ type: string; stream: { stream_descriptor: { name: string }; stream_state: Record<string, unknown> } }>;
  return new Map(messages.map((message) => [message.stream.stream_descriptor.name, message.stream.stream_state]));
}

describe('demo', () => {
  let output: string;
  let run: DemoRun;

  beforeAll(async () => {
    output = mkdtempSync(path.join(tmpdir(), 'source-clienttether-demo-'));
    run = await runDemo(['--clients', String(CLIENTS), '--output', output]);
  });

  afterAll(() => rmSync(output, { recursive: true, force: true }));

  it('exits with code 0', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Demo succeeded in /m);
  });

  it('prints check and discover results', () => {
    expect(section(run.stdout, 'check').join('\n')).toContain('SUCCEEDED');
    expect(section(run.stdout, 'discover').join('\n')).toContain('6 streams discovered');
  });

  it('writes config and configured catalog', () => {
    const config = JSON.parse(readFileSync(path.join(output, 'config.json'), 'utf8'));
    const catalog = JSON.parse(readFileSync(path.join(output, 'catalog.json'), 'utf8'));
    const modes = Object.fromEntries(catalog.streams.map((configured: { stream: { name: string }; sync_mode: string }) => [configured.stream.name, configured.sync_mode]));

    expect(config.api_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2\/api\/$/);
    expect(modes).toEqual({
      clients: 'incremental',
      opportunities: 'incremental',
      users: 'full_refresh',
      sales_cycles: 'full_refresh',
      lead_sources: 'full_refresh',
      action_plans: 'full_refresh',
    });
  });

  it.each([
    ['read (full)', '1-full'],
    ['read (incremental)', '2-incremental'],
  ])('%s files match printed counts', (title, folder) => {
    const counts = printedRecordCounts(section(run.stdout, title));

    expect([...counts.keys()]).toEqual(STREAMS);
    for (const stream of STREAMS) {
      const file = path.join(output, folder, `${stream}.jsonl`);
      expect({ stream, lines: readJsonLines(file).length }).toEqual({ stream, lines: counts.get(stream) });
    }
  });

  it('full read reads every client', () => {
    const counts = printedRecordCounts(section(run.stdout, 'read (full)'));

    expect(counts.get('clients')).toBe(CLIENTS);
    expect(counts.get('opportunities')).toBe(CLIENTS / 4);
  });

  it('writes a state per stream for each read', () => {
    const first = readState(path.join(output, '1-full', 'state.json'));
    const second = readState(path.join(output, '2-incremental', 'state.json'));

    expect([...first.keys()]).toEqual(STREAMS);
    expect([...second.keys()]).toEqual(STREAMS);
    expect(first.get('clients')?.last_modified_date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(Date.parse(second.get('clients')?.last_modified_date as string)).toBeGreaterThan(
      Date.parse(first.get('clients')?.last_modified_date as string),
    );
    expect(first.get('users')).toEqual({});
  });

  it('prints the five client changes', () => {
    const kinds = printedChanges(run.stdout).map((change) => change.kind);

    expect(kinds.sort()).toEqual(['archived', 'created', 'modified', 'modified', 'modified']);
  });

  it('incremental read emits the changed clients', () => {
    const emitted = new Map(readJsonLines(path.join(output, '2-incremental', 'clients.jsonl')).map((record) => [record.client_id, record]));
    const firstReadIds = new Set(readJsonLines(path.join(output, '1-full', 'clients.jsonl')).map((record) => record.client_id));

    for (const change of printedChanges(run.stdout)) {
      const record = emitted.get(change.clientId);
      expect({ clientId: change.clientId, emitted: record !== undefined }).toEqual({ clientId: change.clientId, emitted: true });
      expect({ clientId: change.clientId, lastModified: record?.last_modified_date }).toEqual({ clientId: change.clientId, lastModified: change.at });
      if (change.kind === 'archived') {
        expect(record?.contact_type).toBe('8');
      }
      if (change.kind === 'created') {
        expect(firstReadIds.has(change.clientId)).toBe(false);
      }
    }
  });

  it('incremental read emits only changes and cursor ties', () => {
    const changedIds = new Set(printedChanges(run.stdout).map((change) => change.clientId));
    const inputCursor = readState(path.join(output, '1-full', 'state.json')).get('clients')?.last_modified_date;
    const unchanged = readJsonLines(path.join(output, '2-incremental', 'clients.jsonl')).filter((record) => !changedIds.has(record.client_id as string));

    expect(unchanged.length).toBeGreaterThanOrEqual(1);
    for (const record of unchanged) {
      expect({ clientId: record.client_id, lastModified: record.last_modified_date }).toEqual({ clientId: record.client_id, lastModified: inputCursor });
    }
  });
});

describe('demo options', () => {
  it('rejects too few clients', async () => {
    const output = mkdtempSync(path.join(tmpdir(), 'source-clienttether-demo-'));
    try {
      const run = await runDemo(['--clients', '3', '--output', output]);

      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain('Invalid --clients 3');
      expect(existsSync(path.join(output, 'config.json'))).toBe(false);
    } finally {
      rmSync(output, { recursive: true, force: true });
    }
  });

  it('keep-running serves the written config', async () => {
    const output = mkdtempSync(path.join(tmpdir(), 'source-clienttether-demo-'));
    const child = startDemo(['--clients', '50', '--output', output, '--keep-running']);
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    let stdout = '';

    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk;
          if (stdout.includes('The sandbox keeps running')) {
            resolve();
          }
        });
        child.on('close', () => reject(new Error(`The demo exited before it printed the hand-off:\n${stdout}`)));
      });

      const check = await runConnector(['check', '--config', path.join(output, 'config.json')]);
      expect(stdout).toContain(`${path.relative(process.cwd(), CLI)} check`);
      expect(connectionStatus(check)).toEqual([{ status: 'SUCCEEDED' }]);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      rmSync(output, { recursive: true, force: true });
    }
  });
});
