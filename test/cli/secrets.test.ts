import { startSandbox, type Sandbox } from '../../sandbox/server';
import { configuredCatalog, runConnector, tempFile, type RunResult } from '../helpers/connector';

const ACCESS_TOKEN = 'tK9qZ2xW7vB4nM8pL3jR';
const WEB_KEY = 'CT_9f3e7a1c5b2d8e4f6a0c9b7d5e3f1a2c';
const WRONG_TOKEN = 'wQ4zY8uV1sN6hG2kJ5xF';
const WRONG_WEB_KEY = 'CT_1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d';
const SECRETS = [ACCESS_TOKEN, WEB_KEY, WRONG_TOKEN, WRONG_WEB_KEY];

/** Every 6-character piece of every secret, so a partly printed secret is caught too. */
const PIECES = SECRETS.flatMap((secret) => Array.from({ length: secret.length - 5 }, (_, start) => secret.slice(start, start + 6)));

function leaks(result: RunResult): string[] {
  const output = result.stdout + result.stderr;
  return PIECES.filter((piece) => output.includes(piece));
}

describe('secrets never appear in output', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({
      freezeClock: true,
      accessToken: ACCESS_TOKEN,
      accounts: [{ webKey: WEB_KEY, clients: 120 }],
      quirks: { vagueAuthErrors: false },
    });
  });

  afterAll(async () => {
    await sandbox.close();
  });

  const config = (overrides: Record<string, unknown> = {}) =>
    tempFile('config.json', { access_token: ACCESS_TOKEN, web_key: WEB_KEY, api_url: sandbox.url, ...overrides });
  const catalog = () => tempFile('catalog.json', configuredCatalog([['clients', 'incremental'], ['users', 'full_refresh']]));
  const debug = { env: { LOG_LEVEL: 'DEBUG' } };

  const runs: Array<[string, () => Promise<RunResult>]> = [
    ['spec', () => runConnector(['spec'], debug)],
    ['check', () => runConnector(['check', '--config', config(), '--debug'])],
    ['check wrong token', () => runConnector(['check', '--config', config({ access_token: WRONG_TOKEN })], debug)],
    ['check wrong web key', () => runConnector(['check', '--config', config({ web_key: WRONG_WEB_KEY })], debug)],
    ['check unreachable', () => runConnector(['check', '--config', config({ api_url: 'http://127.0.0.1:9/v2/api/' })], debug)],
    ['check invalid field', () => runConnector(['check', '--config', config({ time_zone: 'Mars/Base' })], debug)],
    ['check token of wrong type', () => runConnector(['check', '--config', tempFile('config.json', { access_token: [ACCESS_TOKEN], web_key: WEB_KEY })], debug)],
    ['discover', () => runConnector(['discover', '--config', config()], debug)],
    ['read', () => runConnector(['read', '--config', config(), '--catalog', catalog()], debug)],
    ['read wrong token', () => runConnector(['read', '--config', config({ access_token: WRONG_TOKEN }), '--catalog', catalog()], debug)],
    ['read bad state', () => runConnector(['read', '--config', config(), '--catalog', catalog(), '--state', tempFile('state.json', '{"x":')], debug)],
    [
      'read with faults',
      () => {
        sandbox.faults.inject({ kind: '500', times: 1 });
        sandbox.faults.inject({ kind: 'drop', times: 1 });
        sandbox.faults.inject({ kind: 'non-json', times: 1 });
        return runConnector(['read', '--config', config(), '--catalog', catalog()], debug);
      },
    ],
    ['usage error', () => runConnector(['read', '--config', config()], debug)],
  ];

  test.each(runs)('%s', async (_name, run) => {
    const result = await run();

    expect(result.stdout.length).toBeGreaterThan(0);
    expect(leaks(result)).toEqual([]);
  });
});
