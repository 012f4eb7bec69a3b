import type { Sandbox } from '../../sandbox/server';
import spec from '../../source-clienttether/spec.json';
import { configuredCatalog, connectionStatus, errorTraces, records, runConnector, statuses, tempFile } from '../helpers/connector';
import { readSandbox, sandboxConfig, withSandbox } from '../helpers/sandbox';

const check = (config: unknown) => runConnector(['check', '--config', tempFile('config.json', config)]);

describe('spec', () => {
  test('emits one SPEC equal to spec.json', async () => {
    const result = await runConnector(['spec']);

    expect(result.code).toBe(0);
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0].spec).toEqual(spec);
  });
});

describe('check', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await withSandbox();
  });

  afterAll(async () => {
    await sandbox.close();
  });

  test('valid credentials succeed', async () => {
    const result = await check(sandboxConfig(sandbox));

    expect(result.code).toBe(0);
    expect(connectionStatus(result)).toEqual([{ status: 'SUCCEEDED' }]);
  });

  test('unreachable API names the host', async () => {
    const result = await check(sandboxConfig(sandbox, { api_url: 'http://127.0.0.1:9/v2/api/' }));

    expect(result.code).toBe(0);
    const [status] = connectionStatus(result);
    expect(status.status).toBe('FAILED');
    expect(status.message).toMatch(/Could not reach the ClientTether API at 127\.0\.0\.1:9/);
  });

  const invalidConfigs: Array<[string, Record<string, unknown>, RegExp]> = [
    ['missing access_token', { access_token: undefined }, /access_token is missing/],
    ['empty web_key', { web_key: '' }, /web_key is empty/],
    ['impossible start_date', { start_date: '2024-02-30' }, /start_date "2024-02-30" is not a valid date.*2024-01-01/],
    ['future start_date', { start_date: '2999-01-01' }, /start_date "2999-01-01" is in the future/],
    ['unknown time_zone', { time_zone: 'America/NewYork' }, /time_zone "America\/NewYork" is not a known IANA time zone.*America\/New_York/],
    ['http api_url', { api_url: 'http://api.example.com/v2/api/' }, /api_url .* must use https/],
    ['wrong type', { request_timeout_seconds: 'soon' }, /request_timeout_seconds is invalid.*"soon"/],
  ];

  test.each(invalidConfigs)('%s fails with the field named', async (_name, overrides, message) => {
    const result = await check(sandboxConfig(sandbox, overrides));

    expect(result.code).toBe(0);
    const [status] = connectionStatus(result);
    expect(status.status).toBe('FAILED');
    expect(status.message).toMatch(message);
  });

  test('pasted credentials are trimmed', async () => {
    const result = await check(sandboxConfig(sandbox, { access_token: `  ${sandbox.accessToken}\n`, web_key: `${sandbox.account().webKey} ` }));

    expect(connectionStatus(result)).toEqual([{ status: 'SUCCEEDED' }]);
  });

  test('credential with inner spaces fails at once', async () => {
    const started = Date.now();
    const result = await check(sandboxConfig(sandbox, { access_token: 'token with spaces ü' }));

    expect(result.code).toBe(0);
    expect(connectionStatus(result)[0].message).toMatch(/access_token contains spaces, line breaks or non-ASCII/);
    expect(result.stdout).not.toContain('token with spaces');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('empty config names every missing field', async () => {
    const result = await check({});

    expect(connectionStatus(result)[0].message).toMatch(/Config fields access_token and web_key are missing/);
  });

  test('date in another format shows the format', async () => {
    const result = await check(sandboxConfig(sandbox, { start_date: '01/02/2024' }));
    const message = connectionStatus(result)[0].message ?? '';

    expect(message).toMatch(/start_date is not in the format YYYY-MM-DD or YYYY-MM-DDTHH:mm:ssZ \(got "01\/02\/2024"\)/);
    expect(message).not.toContain('[0-9]');
  });

  test('fixed-offset zone is accepted with a warning', async () => {
    const result = await check(sandboxConfig(sandbox, { time_zone: 'EST' }));
    const warnings = result.messages.filter((message) => message.log?.level === 'WARN').map((message) => message.log!.message);

    expect(connectionStatus(result)[0].status).toBe('SUCCEEDED');
    expect(warnings.some((warning) => /EST has the same UTC offset all year.*America\/New_York/.test(warning))).toBe(true);
  });

  test('wrong access token type hides the value', async () => {
    const result = await check(sandboxConfig(sandbox, { access_token: 12345678 }));

    expect(connectionStatus(result)[0].message).toMatch(/access_token is invalid/);
    expect(result.stdout).not.toContain('12345678');
  });
});

describe('credential failures', () => {
  const forms = ['http401-json', 'http403-json', 'http401-text', 'http403-text', 'http200-code'] as const;

  describe.each(forms)('%s', (form) => {
    let sandbox: Sandbox;

    beforeAll(async () => {
      sandbox = await withSandbox({ authErrorForm: form });
    });

    afterAll(async () => {
      await sandbox.close();
    });

    test('wrong access token is named', async () => {
      const result = await check(sandboxConfig(sandbox, { access_token: 'wrong-token-value' }));

      expect(result.code).toBe(0);
      expect(connectionStatus(result)[0].status).toBe('FAILED');
      expect(connectionStatus(result)[0].message).toMatch(/rejected the Access Token/);
    });

    test('wrong web key is named', async () => {
      const result = await check(sandboxConfig(sandbox, { web_key: 'CT_ffffffffffffffffffffffffffffffff' }));

      expect(connectionStatus(result)[0].message).toMatch(/rejected the Web Key/);
    });

    test('read fails as config_error', async () => {
      const requestsBefore = sandbox.requests.length;
      const result = await readSandbox(sandbox, [['clients', 'incremental'], ['users', 'full_refresh']], undefined, { access_token: 'wrong-token-value' });

      expect(result.code).toBe(1);
      expect(statuses(result, 'clients')).toEqual(['STARTED', 'INCOMPLETE']);
      expect(statuses(result, 'users')).toEqual(['STARTED', 'INCOMPLETE']);
      const [error, skipped] = errorTraces(result);
      expect(error.failure_type).toBe('config_error');
      expect(error.message).toMatch(/changed or been revoked/);
      expect(error.message).toMatch(/Settings → API/);
      expect(skipped.message).toMatch(/users: Not read, because ClientTether rejected the credentials while reading clients/);
      expect(sandbox.requests.length - requestsBefore).toBe(1);
    });

    test('web key error omits token rotation', async () => {
      const result = await readSandbox(sandbox, [['clients', 'incremental']], undefined, { web_key: 'CT_ffffffffffffffffffffffffffffffff' });

      expect(errorTraces(result)[0].message).toMatch(/rejected the Web Key/);
      expect(errorTraces(result)[0].message).not.toMatch(/changes the Access Token by itself/);
    });
  });

  test('vague rejection names neither credential', async () => {
    const sandbox = await withSandbox({ quirks: { vagueAuthErrors: true } });
    try {
      const result = await check(sandboxConfig(sandbox, { web_key: 'CT_ffffffffffffffffffffffffffffffff' }));

      expect(connectionStatus(result)[0].message).toMatch(/without saying which/);
    } finally {
      await sandbox.close();
    }
  });
});

describe('discover', () => {
  test('lists every stream with keys and cursors', async () => {
    const result = await runConnector([
      'discover',
      '--config',
      tempFile('config.json', { access_token: 'placeholder-token', web_key: 'placeholder-key' }),
    ]);

    expect(result.code).toBe(0);
    const streams = result.messages[0].catalog?.streams ?? [];
    expect(streams.map((stream) => stream.name)).toEqual(['clients', 'opportunities', 'users', 'sales_cycles', 'lead_sources', 'action_plans']);

    const clients = streams[0];
    expect(clients.source_defined_primary_key).toEqual([['client_id']]);
    expect(clients.default_cursor_field).toEqual(['last_modified_date']);
    expect(clients.source_defined_cursor).toBe(true);
    expect(clients.supported_sync_modes).toEqual(['full_refresh', 'incremental']);
    const modified = (clients.json_schema.properties as Record<string, Record<string, unknown>>).last_modified_date;
    expect(modified).toEqual(expect.objectContaining({ format: 'date-time', airbyte_type: 'timestamp_with_timezone' }));
  });

  test('invalid config is a config error', async () => {
    const result = await runConnector(['discover', '--config', tempFile('config.json', { web_key: 'placeholder-key' })]);

    expect(result.code).toBe(1);
    expect(errorTraces(result)[0].failure_type).toBe('config_error');
    expect(errorTraces(result)[0].message).toMatch(/access_token is missing/);
  });
});

describe('bad input files', () => {
  const cases: Array<[string, string | null, RegExp]> = [
    ['missing config file', null, /config file .* was not found/],
    ['config not JSON', '{"access_token": "abc', /not valid JSON/],
    ['config not an object', '[1, 2]', /does not hold a JSON object/],
  ];

  test.each(cases)('%s is a config error', async (_name, content, message) => {
    const path = content === null ? '/nonexistent/config.json' : tempFile('config.json', content);
    const result = await runConnector(['check', '--config', path]);

    expect(result.code).toBe(1);
    const [error] = errorTraces(result);
    expect(error.failure_type).toBe('config_error');
    expect(error.message).toMatch(message);
  });

  test('catalog errors fail the read', async () => {
    const sandbox = await withSandbox();
    try {
      const config = tempFile('config.json', sandboxConfig(sandbox));
      const notJson = await runConnector(['read', '--config', config, '--catalog', tempFile('catalog.json', '{')]);
      const noStreams = await runConnector(['read', '--config', config, '--catalog', tempFile('catalog.json', { streams: [] })]);

      expect(notJson.code).toBe(1);
      expect(errorTraces(notJson)[0].message).toMatch(/catalog file .* is not valid JSON/);
      expect(noStreams.code).toBe(1);
      expect(errorTraces(noStreams)[0].message).toMatch(/configures no stream/);
    } finally {
      await sandbox.close();
    }
  });

  test('unknown stream and mode fail alone', async () => {
    const sandbox = await withSandbox();
    try {
      const catalog = configuredCatalog([
        ['__AIRBYTE__stream_that_does_not_exist', 'full_refresh'],
        ['users', 'incremental'],
        ['lead_sources', 'full_refresh'],
      ]);
      const result = await runConnector([
        'read',
        '--config',
        tempFile('config.json', sandboxConfig(sandbox)),
        '--catalog',
        tempFile('catalog.json', catalog),
      ]);

      expect(result.code).toBe(1);
      const messages = errorTraces(result).map((error) => error.message);
      expect(messages[0]).toMatch(/does not have/);
      expect(messages[1]).toMatch(/users does not support sync mode "incremental"/);
      expect(statuses(result, 'lead_sources')).toEqual(['STARTED', 'RUNNING', 'COMPLETE']);
      expect(records(result, 'lead_sources').length).toBeGreaterThan(0);
    } finally {
      await sandbox.close();
    }
  });
});
