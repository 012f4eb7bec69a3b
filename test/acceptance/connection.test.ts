/** The rules of CAT's connection suite, run against a sandbox on a free port. */
import type { Sandbox } from '../../sandbox/server';
import { connectionStatus, runConnector, tempFile } from '../helpers/connector';
import { withSandbox } from '../helpers/sandbox';
import { configFor, suiteTests } from './helpers';

const check = (config: unknown) => runConnector(['check', '--config', tempFile('config.json', config)]);

describe('acceptance: connection', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await withSandbox();
  });

  afterAll(async () => {
    await sandbox.close();
  });

  const entries = suiteTests('connection').map((entry) => [String(entry.config_path), String(entry.status ?? 'succeed')] as const);

  test.each(entries)('check with %s is %s', async (configPath, expected) => {
    const result = await check(configFor(sandbox, configPath));

    expect(result.code).toBe(0);
    const statuses = connectionStatus(result);
    expect(statuses).toHaveLength(1);
    expect(statuses[0].status).toBe(expected === 'succeed' ? 'SUCCEEDED' : 'FAILED');
  });

  test('suite covers success and failure', () => {
    expect(entries.map(([, expected]) => expected).sort()).toEqual(['failed', 'succeed']);
  });

  test('failed check says what to fix', async () => {
    const [failing] = entries.filter(([, expected]) => expected === 'failed');

    const result = await check(configFor(sandbox, failing[0]));

    expect(connectionStatus(result)[0].message).toMatch(/Access Token/);
    expect(connectionStatus(result)[0].message).toMatch(/Settings → API/);
  });

  test('broken config emits one ERROR trace', async () => {
    const result = await runConnector(['check', '--config', tempFile('config.json', '{"access_token": ')]);

    expect(result.code).not.toBe(0);
    const traces = result.messages.filter((message) => message.type === 'TRACE');
    expect(traces).toHaveLength(1);
    expect(traces[0].trace?.type).toBe('ERROR');
    expect(traces[0].trace?.error?.message).toMatch(/not valid JSON/);
    expect(connectionStatus(result)).toEqual([]);
  });
});
