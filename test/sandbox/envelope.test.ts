import { DateTime } from 'luxon';
import { Sandbox, startSandbox } from '../../sandbox/server';
import { get, getJson, rows, withSandbox } from './helpers';

describe('sandbox envelope', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });

  afterAll(() => sandbox.close());

  test('success envelope has the documented keys', async () => {
    const response = await get(sandbox, 'read_client_list?limit=2');
    const envelope = JSON.parse(response.text);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Object.keys(envelope)).toEqual(['ResultCode', 'Message', 'TotalRecord', 'data']);
    expect(envelope.ResultCode).toBe('CT_200');
  });

  test('client by id returns one row', async () => {
    const envelope = await getJson(sandbox, 'read_client_by_id/1000042');

    expect(envelope.TotalRecord).toBe(1);
    expect(rows(envelope)).toEqual([sandbox.account().getClient('1000042')]);
    expect(rows(envelope)[0].client_id).toBe('1000042');
  });

  test('unknown client id returns CT515', async () => {
    for (const id of ['999', '1000250', 'abc']) {
      const envelope = await getJson(sandbox, `read_client_by_id/${id}`);

      expect(envelope).toEqual({ ResultCode: 'CT_515', Message: 'No Record Found' });
    }
  });

  test('client by id without id returns CT400', async () => {
    const envelope = await getJson(sandbox, 'read_client_by_id');

    expect(envelope.ResultCode).toBe('CT400');
    expect(envelope.Message).toBe('Missing client id: expected read_client_by_id/{client_id}');
  });

  test('unknown operation returns CT404', async () => {
    const envelope = await getJson(sandbox, 'read_everything');

    expect(envelope.ResultCode).toBe('CT404');
    expect(envelope.Message).toBe('Request not found: unknown operation "read_everything"');
  });

  test('path outside the API returns an HTML 404', async () => {
    const response = await fetch(sandbox.url.replace('/v2/api/', '/index.php'));
    const body = await response.text();

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(body).toContain('404 Not Found');
  });

  test('non-GET method returns 405 with CT400', async () => {
    const response = await fetch(sandbox.url + 'read_client_list', {
      method: 'POST',
      headers: { 'X-Access-Token': sandbox.accessToken, 'X-Web-Key': sandbox.account().webKey },
      body: '{}',
    });
    const envelope = (await response.json()) as Record<string, unknown>;

    expect(response.status).toBe(405);
    expect(envelope.ResultCode).toBe('CT400');
  });
});

describe('sandbox envelope quirks', () => {
  test('resultCodeKey resultCode', async () => {
    await withSandbox({ quirks: { resultCodeKey: 'resultCode' } }, async (sandbox) => {
      const success = await getJson(sandbox, 'read_client_list?limit=1');
      const end = await getJson(sandbox, 'read_client_list?offset=250');

      expect(success.resultCode).toBe('CT_200');
      expect(success.ResultCode).toBeUndefined();
      expect(end.resultCode).toBe('CT_515');
    });
  });

  test('resultCodeKey per operation', async () => {
    const quirks = { resultCodeKeyByOperation: { read_user_list: 'resultCode' as const } };

    await withSandbox({ quirks }, async (sandbox) => {
      const users = await getJson(sandbox, 'read_user_list');
      const clients = await getJson(sandbox, 'read_client_list?limit=1');

      expect(users.resultCode).toBe('CT_200');
      expect(users.ResultCode).toBeUndefined();
      expect(clients.ResultCode).toBe('CT_200');
    });
  });

  test('codeStyle CT200 drops the underscore', async () => {
    await withSandbox({ quirks: { codeStyle: 'CT200' } }, async (sandbox) => {
      const success = await getJson(sandbox, 'read_client_list?limit=1');
      const end = await getJson(sandbox, 'read_client_list?offset=250');

      expect(success.ResultCode).toBe('CT200');
      expect(end.ResultCode).toBe('CT515');
    });
  });

  test('extraFields adds custom fields', async () => {
    await withSandbox({ quirks: { extraFields: true } }, async (sandbox) => {
      const clients = rows(await getJson(sandbox, 'read_client_list?limit=50'));
      const opportunities = rows(await getJson(sandbox, 'read_opportunity_list?limit=5'));

      for (const record of [...clients, ...opportunities]) {
        expect(typeof record.franchise_territory).toBe('string');
        expect(typeof record.preferred_contact_time).toBe('string');
        expect(Array.isArray(record.tags)).toBe(true);
      }
      expect(clients.some((client) => (client.tags as unknown[]).length > 0)).toBe(true);
      expect(clients).toEqual(sandbox.account().listClients(0, 50));
    });
  });

  test('extra fields are absent by default', async () => {
    await withSandbox({}, async (sandbox) => {
      const client = rows(await getJson(sandbox, 'read_client_list?limit=1'))[0];

      expect(client).not.toHaveProperty('franchise_territory');
      expect(client).not.toHaveProperty('tags');
    });
  });

  test('assignedUserAs object splits the user name', async () => {
    await withSandbox({ quirks: { assignedUserAs: 'object' } }, async (sandbox) => {
      const clients = rows(await getJson(sandbox, 'read_client_list?limit=100'));
      const users = sandbox.account().reference.users;
      const assigned = clients.map((client) => client.assigned_user).filter((user) => user !== '');

      expect(assigned.length).toBeGreaterThan(50);
      for (const user of assigned as Array<{ first_name: string; last_name: string }>) {
        const match = users.find((candidate) => candidate.user_first_name === user.first_name && candidate.user_last_name === user.last_name);
        expect(match).toBeDefined();
      }
    });
  });

  test('timestampFormat iso-offset adds the zone offset', async () => {
    const accounts = [{ webKey: 'CT_0123456789abcdef0123456789abcdef', timeZone: 'America/Chicago' }];

    await withSandbox({ accounts, quirks: { timestampFormat: 'iso-offset' } }, async (sandbox) => {
      const clients = rows(await getJson(sandbox, 'read_client_list?limit=100'));
      const modified = clients.map((client) => String(client.last_modified_date));

      for (const value of modified) {
        expect(value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-0[56]:00$/);
        expect(DateTime.fromISO(value).isValid).toBe(true);
      }
      expect(modified.some((value) => value.endsWith('-06:00'))).toBe(true);
      expect(modified.some((value) => value.endsWith('-05:00'))).toBe(true);
    });
  });

  test('blankValuesAs null replaces empty strings', async () => {
    await withSandbox({ quirks: { blankValuesAs: 'null' } }, async (sandbox) => {
      const clients = rows(await getJson(sandbox, 'read_client_list?limit=100'));
      const values = clients.flatMap((client) => Object.values(client));

      expect(values).not.toContain('');
      expect(values).toContain(null);
      expect(clients.some((client) => client.external_id === null)).toBe(true);
    });
  });
});
