import { AuthErrorForm, CREDENTIAL_MESSAGES, DEFAULT_ACCESS_TOKEN, DEFAULT_WEB_KEY, VAGUE_CREDENTIAL_MESSAGE } from '../../sandbox/server';
import { get, getJson, rows, withSandbox } from './helpers';

const WRONG_TOKEN = 'not-the-sandbox-token';
const WRONG_WEB_KEY = 'CT_ffffffffffffffffffffffffffffffff';

/** Each credential failure with the headers that cause it and the message that names it. */
const FAILURES: Array<{ name: string; headers: Record<string, string>; message: string }> = [
  { name: 'both headers missing', headers: {}, message: 'Missing X-Access-Token and X-Web-Key headers' },
  { name: 'token missing', headers: { 'X-Web-Key': DEFAULT_WEB_KEY }, message: 'Missing X-Access-Token header' },
  { name: 'web key missing', headers: { 'X-Access-Token': DEFAULT_ACCESS_TOKEN }, message: 'Missing X-Web-Key header' },
  { name: 'empty token', headers: { 'X-Access-Token': ' ', 'X-Web-Key': DEFAULT_WEB_KEY }, message: 'Missing X-Access-Token header' },
  { name: 'wrong token', headers: { 'X-Access-Token': WRONG_TOKEN, 'X-Web-Key': DEFAULT_WEB_KEY }, message: 'Invalid access token' },
  { name: 'wrong web key', headers: { 'X-Access-Token': DEFAULT_ACCESS_TOKEN, 'X-Web-Key': WRONG_WEB_KEY }, message: 'Invalid web key' },
];

/** Each error form with its HTTP status, content type and how the message appears. */
const FORMS: Array<{ form: AuthErrorForm; status: number; json: boolean; code?: string }> = [
  { form: 'http401-json', status: 401, json: true, code: 'CT401' },
  { form: 'http403-json', status: 403, json: true, code: 'CT403' },
  { form: 'http401-text', status: 401, json: false },
  { form: 'http403-text', status: 403, json: false },
  { form: 'http200-code', status: 200, json: true, code: 'CT401' },
];

describe('sandbox credentials', () => {
  test.each(FORMS)('$form names each failure', async ({ form, status, json, code }) => {
    await withSandbox({ authErrorForm: form }, async (sandbox) => {
      for (const failure of FAILURES) {
        const response = await get(sandbox, 'read_client_list?limit=1', failure.headers);

        expect({ failure: failure.name, status: response.status }).toEqual({ failure: failure.name, status });
        if (json) {
          expect(response.headers.get('content-type')).toMatch(/^application\/json/);
          expect(JSON.parse(response.text)).toEqual({ ResultCode: code, Message: failure.message });
        } else {
          expect(response.headers.get('content-type')).toMatch(/^text\/html/);
          expect(response.text).toContain(failure.message);
          expect(() => JSON.parse(response.text)).toThrow();
        }
      }
    });
  });

  test('failure messages are all different', () => {
    const messages = Object.values(CREDENTIAL_MESSAGES);

    expect(new Set(messages).size).toBe(messages.length);
  });

  test.each(FORMS)('$form with vague errors hides the credential', async ({ form, status }) => {
    await withSandbox({ authErrorForm: form, quirks: { vagueAuthErrors: true } }, async (sandbox) => {
      for (const failure of FAILURES) {
        const response = await get(sandbox, 'read_client_list?limit=1', failure.headers);

        expect(response.status).toBe(status);
        expect(response.text).toContain(VAGUE_CREDENTIAL_MESSAGE);
        expect(response.text).not.toMatch(/token|web key|X-Web-Key/i);
      }
    });
  });

  test('error codes follow resultCodeKey', async () => {
    await withSandbox({ authErrorForm: 'http200-code', quirks: { resultCodeKey: 'resultCode' } }, async (sandbox) => {
      const response = await get(sandbox, 'read_client_list', { 'X-Access-Token': WRONG_TOKEN, 'X-Web-Key': DEFAULT_WEB_KEY });

      expect(JSON.parse(response.text)).toEqual({ resultCode: 'CT401', Message: 'Invalid access token' });
    });
  });

  test('custom access token replaces the default', async () => {
    await withSandbox({ accessToken: 'other-fake-token' }, async (sandbox) => {
      const rejected = await get(sandbox, 'read_client_list', { 'X-Access-Token': DEFAULT_ACCESS_TOKEN, 'X-Web-Key': DEFAULT_WEB_KEY });
      const accepted = await get(sandbox, 'read_client_list', { 'X-Access-Token': 'other-fake-token', 'X-Web-Key': DEFAULT_WEB_KEY });

      expect(sandbox.accessToken).toBe('other-fake-token');
      expect(rejected.status).toBe(401);
      expect(accepted.status).toBe(200);
    });
  });

  test('web key selects the account', async () => {
    const accounts = [
      { webKey: 'CT_11111111111111111111111111111111', clients: 30, seed: 5, timeZone: 'America/Los_Angeles' },
      { webKey: 'sub-account-key-of-another-shape', clients: 12, seed: 6, timeZone: 'Asia/Tokyo' },
    ];

    await withSandbox({ accounts, now: '2026-01-15T12:00:00Z', freezeClock: true }, async (sandbox) => {
      const headers = (webKey: string) => ({ 'X-Access-Token': sandbox.accessToken, 'X-Web-Key': webKey });
      const first = await getJson(sandbox, 'read_client_list', headers(accounts[0].webKey));
      const second = await getJson(sandbox, 'read_client_list', headers(accounts[1].webKey));

      expect(first.TotalRecord).toBe(30);
      expect(second.TotalRecord).toBe(12);
      expect(rows(first)).toEqual(sandbox.account(accounts[0].webKey).listClients(0, 30));
      expect(rows(second)).toEqual(sandbox.account(accounts[1].webKey).listClients(0, 12));
      expect(sandbox.account().webKey).toBe(accounts[0].webKey);
      expect(sandbox.account(accounts[1].webKey).timeZone).toBe('Asia/Tokyo');
      expect(() => sandbox.account('CT_unknown')).toThrow('No sandbox account has web key "CT_unknown"');
    });
  });
});
