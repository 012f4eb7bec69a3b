import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ACCESS_TOKEN, DEFAULT_WEB_KEY } from '../../sandbox/server';

/** The CLI runs from the build output, as `npm run sandbox` does. `npm test` builds it first. */
const CLI_PATH = join(__dirname, '..', '..', 'dist', 'sandbox', 'cli.js');

interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  baseUrl: string;
}

/** Starts the CLI and resolves once it prints its base URL. */
function startCli(args: string[]): Promise<RunningCli> {
  if (!existsSync(CLI_PATH)) {
    throw new Error(`Missing ${CLI_PATH}: run npm run build before the CLI tests`);
  }

  const child = spawn(process.execPath, [CLI_PATH, ...args]);
  let output = '';

  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /^Base URL: (\S+)$/m.exec(output);
      if (match && output.includes('to stop')) {
        resolve({ child, output: () => output, baseUrl: match[1] });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.on('exit', (code) => reject(new Error(`CLI exited with code ${code} before starting:\n${output}`)));
  });
}

function exitCode(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) {
      resolve(child.exitCode);
    } else {
      child.on('exit', (code) => resolve(code));
    }
  });
}

describe('sandbox CLI', () => {
  test('serves the options and stops on SIGTERM', async () => {
    const cli = await startCli([
      '--port', '0', '--clients', '1000', '--seed', '1', '--time-zone', 'America/Chicago',
      '--latency', '10', '--auth-error-form', 'http403-text',
    ]);

    try {
      const headers = { 'X-Access-Token': DEFAULT_ACCESS_TOKEN, 'X-Web-Key': DEFAULT_WEB_KEY };
      const list = (await (await fetch(cli.baseUrl + 'read_client_list?limit=1', { headers })).json()) as Record<string, unknown>;
      const rejected = await fetch(cli.baseUrl + 'read_client_list', { headers: { 'X-Web-Key': DEFAULT_WEB_KEY } });

      expect(cli.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2\/api\/$/);
      expect(cli.output()).toContain(`Access token: ${DEFAULT_ACCESS_TOKEN}`);
      expect(cli.output()).toContain(`Web key: ${DEFAULT_WEB_KEY}`);
      expect(cli.output()).toContain('1000 clients, time zone America/Chicago');
      expect(list.TotalRecord).toBe(1000);
      expect(rejected.status).toBe(403);
      expect(await rejected.text()).toContain('Missing X-Access-Token header');
    } finally {
      cli.child.kill('SIGTERM');
    }

    expect(await exitCode(cli.child)).toBe(0);
    expect(cli.output()).toContain('Received SIGTERM, stopping the sandbox');
  });

  test('stops on SIGINT', async () => {
    const cli = await startCli(['--clients', '5', '--freeze-clock', '--now', '2026-02-01T00:00:00Z']);
    const response = await fetch(cli.baseUrl + 'read_user_list', {
      headers: { 'X-Access-Token': DEFAULT_ACCESS_TOKEN, 'X-Web-Key': DEFAULT_WEB_KEY },
    });

    cli.child.kill('SIGINT');

    expect(response.headers.get('date')).toBe('Sun, 01 Feb 2026 00:00:00 GMT');
    expect(await exitCode(cli.child)).toBe(0);
  });

  test('quirk and fault flags apply', async () => {
    const cli = await startCli(['--code-style', 'CT200', '--total-record-as', 'string', '--fault-rate', '503=0.5']);
    const statuses: number[] = [];
    const envelopes: Array<Record<string, unknown>> = [];

    try {
      const headers = { 'X-Access-Token': DEFAULT_ACCESS_TOKEN, 'X-Web-Key': DEFAULT_WEB_KEY };
      for (let attempt = 0; attempt < 10; attempt++) {
        const response = await fetch(cli.baseUrl + 'read_client_list?limit=1', { headers });
        statuses.push(response.status);
        if (response.status === 200) {
          envelopes.push((await response.json()) as Record<string, unknown>);
        } else {
          await response.text();
        }
      }
    } finally {
      cli.child.kill('SIGTERM');
    }

    expect(statuses).toContain(503);
    expect(statuses).toContain(200);
    for (const envelope of envelopes) {
      expect(envelope.ResultCode).toBe('CT200');
      expect(envelope.TotalRecord).toBe('250');
    }
    expect(await exitCode(cli.child)).toBe(0);
  });

  test('invalid option exits 1', async () => {
    await expect(startCli(['--time-zone', 'Nowhere/Land'])).rejects.toThrow(
      /exited with code 1[\s\S]*Invalid time zone "Nowhere\/Land"/,
    );
    await expect(startCli(['--fault-rate', '503=2'])).rejects.toThrow(/exited with code 1[\s\S]*Invalid --fault-rate "503=2"/);
  });
});
