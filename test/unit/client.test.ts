import nock from 'nock';

import { ApiError, CHECK_RETRY_BUDGET, ClientTetherClient, retryAfterMs, type RetryBudget } from '../../source-clienttether/http/client';
import { API, BASE_PATH, clientRows, envelope, memoryWriter, testConfig } from './helpers';

const FAST: RetryBudget = { maxAttempts: 4, maxTotalMs: 10_000, baseDelayMs: 5, maxDelayMs: 20, failFastOnRateLimit: false };

function client(budget: RetryBudget = FAST, onRateLimited?: () => void) {
  const memory = memoryWriter();
  return { client: new ClientTetherClient(testConfig(), memory.logger, { budget, onRateLimited }), ...memory };
}

function api() {
  return nock(API, { reqheaders: { 'X-Access-Token': 'unit-test-token', 'X-Web-Key': 'unit-test-web-key' } });
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});
afterAll(() => nock.enableNetConnect());

describe('ClientTetherClient envelope variants', () => {
  const variants: Array<[string, Record<string, unknown>]> = [
    ['ResultCode CT_200', envelope(clientRows(1, 2))],
    ['resultCode CT200', { resultCode: 'CT200', Message: 'Success', TotalRecord: 2, data: clientRows(1, 2) }],
    ['TotalRecord as string', envelope(clientRows(1, 2), '2')],
    ['data as PHP object', { ResultCode: 'CT_200', TotalRecord: 2, data: { 0: clientRows(1, 1)[0], 5: clientRows(2, 1)[0] } }],
  ];

  test.each(variants)('%s is a page', async (_name, body) => {
    api().get(`${BASE_PATH}read_client_list`).query({ limit: 100, offset: 0 }).reply(200, body);

    const page = await client().client.list('read_client_list', 0, 100);

    expect(page.items).toHaveLength(2);
    expect(page.total).toBe(2);
    expect(page.endOfList).toBe(false);
  });

  test.each(['CT515', 'CT_515'])('%s ends the list', async (code) => {
    api().get(`${BASE_PATH}read_client_list`).query(true).reply(200, { ResultCode: code, Message: 'No Record Found' });

    const page = await client().client.list('read_client_list', 300, 100);

    expect(page.endOfList).toBe(true);
    expect(page.items).toEqual([]);
  });

  test('credentials travel only in headers', async () => {
    let path = '';
    api()
      .get(`${BASE_PATH}read_client_list`)
      .query(true)
      .reply(function reply() {
        path = this.req.path;
        return [200, envelope([])];
      });

    await client().client.list('read_client_list', 0, 100);

    expect(path).toBe(`${BASE_PATH}read_client_list?limit=100&offset=0`);
    expect(path).not.toContain('unit-test');
  });
});

describe('ClientTetherClient retries', () => {
  test('500 then 200 succeeds and logs the retry', async () => {
    api().get(`${BASE_PATH}read_client_list`).query(true).reply(500, 'oops');
    api().get(`${BASE_PATH}read_client_list`).query(true).reply(200, envelope(clientRows(1, 1)));
    const { client: apiClient, messages } = client();

    const page = await apiClient.list('read_client_list', 0, 100);

    expect(page.items).toHaveLength(1);
    const warning = messages().find((message) => message.log?.level === 'WARN')?.log?.message ?? '';
    expect(warning).toMatch(/read_client_list at offset 0: HTTP 500/);
    expect(warning).toMatch(/attempt 1 of 4/);
    expect(warning).toMatch(/retrying in/);
  });

  test('429 Retry-After in seconds wins', async () => {
    api().get(`${BASE_PATH}read_client_list`).query(true).reply(429, '', { 'Retry-After': '1' });
    api().get(`${BASE_PATH}read_client_list`).query(true).reply(200, envelope([]));
    let rateLimited = 0;
    const { client: apiClient, messages } = client(FAST, () => rateLimited++);

    await apiClient.list('read_client_list', 0, 100);

    expect(rateLimited).toBe(1);
    expect(messages().some((message) => /retrying in 1\.0 s/.test(message.log?.message ?? ''))).toBe(true);
  });

  test('Retry-After as an HTTP date', () => {
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();

    const delay = retryAfterMs(inTenSeconds) as number;

    expect(delay).toBeGreaterThan(8000);
    expect(delay).toBeLessThanOrEqual(10_000);
    expect(retryAfterMs('7')).toBe(7000);
    expect(retryAfterMs('soon')).toBeNull();
  });

  test('exhausted budget is a transient error', async () => {
    api().get(`${BASE_PATH}read_client_list`).query(true).times(4).reply(503, 'busy');

    const failure = await client().client.list('read_client_list', 200, 100).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).failureType).toBe('transient_error');
    expect((failure as ApiError).message).toMatch(/HTTP 503.*after 4 attempt/);
  });

  test('truncated body is retried', async () => {
    api().get(`${BASE_PATH}read_client_list`).query(true).reply(200, '{"ResultCode":"CT_200","data":[{"client_');
    api().get(`${BASE_PATH}read_client_list`).query(true).reply(200, envelope(clientRows(1, 1)));

    const page = await client().client.list('read_client_list', 0, 100);

    expect(page.items).toHaveLength(1);
  });

  test('error code inside 200 is retried', async () => {
    api().get(`${BASE_PATH}read_client_list`).query(true).reply(200, { ResultCode: 'CT500', Message: 'Unknown error' });
    api().get(`${BASE_PATH}read_client_list`).query(true).reply(200, envelope([]));

    await expect(client().client.list('read_client_list', 0, 100)).resolves.toEqual(expect.objectContaining({ items: [] }));
  });

  test('429 in check fails at once', async () => {
    api().get(`${BASE_PATH}read_client_list`).query(true).reply(429, '', { 'Retry-After': '3600' });
    const started = Date.now();

    const failure = (await client(CHECK_RETRY_BUDGET).client.list('read_client_list', 0, 1).catch((error: unknown) => error)) as ApiError;

    expect(failure.action).toBe('rate_limited');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('ClientTetherClient failures', () => {
  const cases: Array<[string, number, unknown, string, string | undefined]> = [
    ['401 JSON token', 401, { ResultCode: 'CT401', Message: 'Invalid access token' }, 'credential_error', 'access_token'],
    ['403 text web key', 403, '<html>Invalid X-Web-Key</html>', 'credential_error', 'web_key'],
    ['200 with CT401', 200, { ResultCode: 'CT401', Message: 'Authentication failed' }, 'credential_error', 'unknown'],
    ['404 operation', 404, 'Not Found', 'config_error', undefined],
    ['400 request', 400, { ResultCode: 'CT400', Message: 'Bad request' }, 'system_error', undefined],
    ['301 redirect', 301, '', 'config_error', undefined],
  ];

  test.each(cases)('%s', async (_name, status, body, action, credential) => {
    api().get(`${BASE_PATH}read_client_list`).query(true).reply(status, body as Record<string, unknown>, { Location: 'https://elsewhere.example/' });

    const failure = (await client().client.list('read_client_list', 0, 100).catch((error: unknown) => error)) as ApiError;

    expect(failure).toBeInstanceOf(ApiError);
    expect(failure.action).toBe(action);
    expect(failure.credential).toBe(credential);
    expect(failure.message).not.toContain('unit-test-token');
  });
});
