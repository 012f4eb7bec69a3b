import { ARCHIVED_CONTACT_TYPE, Sandbox, startSandbox } from '../../sandbox/server';
import { Random } from '../../sandbox/random';
import { getJson, readAll, rows } from './helpers';

const CLOCK_START = '2026-01-15T12:00:00Z';
/** CLOCK_START in America/New_York, the default account time zone. */
const CLOCK_START_LOCAL = '2026-01-15 07:00:00';

type Row = Record<string, unknown>;

function ids(records: Row[]): unknown[] {
  return records.map((record) => record.client_id);
}

describe('sandbox mutations', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await startSandbox({ accounts: [{ webKey: 'CT_0123456789abcdef0123456789abcdef', clients: 20 }], now: CLOCK_START, freezeClock: true });
  });

  afterEach(() => sandbox.close());

  test('create at end appends a row', async () => {
    const created = sandbox.account().createClient({ firstName: 'Zoë', lastName: 'Ødegård' });
    const all = await readAll(sandbox, 'read_client_list');

    expect(created.client_id).toBe('1000020');
    expect(created.created).toBe(CLOCK_START_LOCAL);
    expect(created.last_modified_date).toBe(CLOCK_START_LOCAL);
    expect(all).toHaveLength(21);
    expect(all[20]).toEqual(created);
    expect(all[20].firstName).toBe('Zoë');
  });

  test('create at start shifts every row', async () => {
    const before = await readAll(sandbox, 'read_client_list');
    const first = sandbox.account().createClient({}, 'start');
    const second = sandbox.account().createClient({}, 'start');
    const after = await readAll(sandbox, 'read_client_list');

    expect(ids(after)).toEqual([second.client_id, first.client_id, ...ids(before)]);
    expect(Number(second.client_id)).toBeGreaterThan(Number(first.client_id));
    expect(sandbox.account().clientCount()).toBe(22);
  });

  test('modify updates fields and last_modified_date', async () => {
    sandbox.clock.advance(60_000);
    const modified = sandbox.account().modifyClient('1000003', { email: 'new.address@example.com' });
    const served = rows(await getJson(sandbox, 'read_client_by_id/1000003'))[0];

    expect(modified.email).toBe('new.address@example.com');
    expect(modified.last_modified_date).toBe('2026-01-15 07:01:00');
    expect(served).toEqual(modified);
    expect(rows(await getJson(sandbox, 'read_client_list?limit=1&offset=3'))[0]).toEqual(modified);
  });

  test('modify keeps an explicit last_modified_date', () => {
    const modified = sandbox.account().modifyClient('1000004', { last_modified_date: '' });

    expect(modified.last_modified_date).toBe('');
  });

  test('archive sets the Archived type', async () => {
    const archived = sandbox.account().archiveClient('1000005');
    const served = rows(await getJson(sandbox, 'read_client_by_id/1000005'))[0];

    expect(archived.contact_type).toBe(ARCHIVED_CONTACT_TYPE);
    expect(served.contact_type).toBe(ARCHIVED_CONTACT_TYPE);
    expect(served.last_modified_date).toBe(CLOCK_START_LOCAL);
    expect(sandbox.account().clientCount()).toBe(20);
  });

  test('delete shifts later rows down', async () => {
    const before = await readAll(sandbox, 'read_client_list');
    sandbox.account().deleteClient('1000002');
    const after = await readAll(sandbox, 'read_client_list');
    const deletedLookup = await getJson(sandbox, 'read_client_by_id/1000002');

    expect(ids(after)).toEqual(ids(before).filter((id) => id !== '1000002'));
    expect(rows(await getJson(sandbox, 'read_client_list?limit=1&offset=2'))[0].client_id).toBe('1000003');
    expect(deletedLookup.ResultCode).toBe('CT_515');
    expect((await getJson(sandbox, 'read_client_list?limit=1')).TotalRecord).toBe(19);
  });

  test('delete of created rows', async () => {
    const atStart = sandbox.account().createClient({}, 'start');
    const atEnd = sandbox.account().createClient({}, 'end');
    sandbox.account().deleteClient(String(atStart.client_id));
    sandbox.account().deleteClient(String(atEnd.client_id));
    const all = await readAll(sandbox, 'read_client_list');

    expect(all).toHaveLength(20);
    expect(all[0].client_id).toBe('1000000');
    expect(sandbox.account().getClient(String(atEnd.client_id))).toBeUndefined();
  });

  test('unknown or deleted ids throw', () => {
    sandbox.account().deleteClient('1000001');

    expect(() => sandbox.account().modifyClient('1000001', {})).toThrow('Client "1000001" not found');
    expect(() => sandbox.account().deleteClient('1000001')).toThrow('Client "1000001" not found');
    expect(() => sandbox.account().archiveClient('42')).toThrow('Client "42" not found');
  });

  test('delete during a scan skips a row', async () => {
    // A client paging by offset misses the row that moves into the page it already read.
    const expected = ids(sandbox.account().listClients(0, 20));
    sandbox.onRequest(({ offset }) => {
      if (offset === 10) {
        sandbox.account().deleteClient('1000000');
      }
    });
    const scanned: Row[] = [];

    for (let offset = 0; offset < 20; offset += 10) {
      const envelope = await getJson(sandbox, `read_client_list?limit=10&offset=${offset}`);
      scanned.push(...rows(envelope));
    }

    expect(ids(scanned)).toHaveLength(19);
    expect(ids(scanned)).not.toContain('1000010');
    expect(ids(scanned)).toEqual(expected.filter((id) => id !== '1000010'));
  });

  test('onRequest remover stops the hook', async () => {
    const seen: string[] = [];
    const remove = sandbox.onRequest(({ operation }) => {
      seen.push(operation);
    });

    await getJson(sandbox, 'read_user_list');
    remove();
    await getJson(sandbox, 'read_user_list');

    expect(seen).toEqual(['read_user_list']);
  });

  test('onRequest receives the request', async () => {
    const seen: unknown[] = [];
    sandbox.onRequest((request) => {
      seen.push(request);
    });

    await getJson(sandbox, 'read_client_list?limit=7&offset=3');
    await getJson(sandbox, 'read_opportunity_list');

    expect(seen).toEqual([
      { operation: 'read_client_list', offset: 3, limit: 7, webKey: 'CT_0123456789abcdef0123456789abcdef' },
      { operation: 'read_opportunity_list', offset: 0, limit: 100, webKey: 'CT_0123456789abcdef0123456789abcdef' },
    ]);
  });

  test('failing hook returns 500', async () => {
    sandbox.onRequest(() => {
      throw new Error('test hook broke');
    });
    const errorOutput = jest.spyOn(console, 'error').mockImplementation(() => undefined);

    try {
      const response = await fetch(sandbox.url + 'read_user_list', {
        headers: { 'X-Access-Token': sandbox.accessToken, 'X-Web-Key': sandbox.account().webKey },
      });

      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ ResultCode: 'CT500', Message: 'Sandbox request hook failed: test hook broke' });
      expect(errorOutput).toHaveBeenCalledWith('Sandbox request hook failed: test hook broke');
    } finally {
      errorOutput.mockRestore();
    }
  });

  test('opportunities share the table operations', async () => {
    const table = sandbox.account().opportunities;
    const firstId = String(table.list(0, 1)[0].opportunity_id);

    table.delete(firstId);
    const created = table.create({ deal_size: '999.00' }, 'start');
    const served = rows(await getJson(sandbox, 'read_opportunity_list?limit=2'));

    expect(served[0]).toEqual(created);
    expect(served[1].opportunity_id).toBe(String(Number(firstId) + 1));
    expect(created.deal_size).toBe('999.00');
  });
});

describe('sandbox list order model', () => {
  test('random mutations match an array model', async () => {
    const sandbox = await startSandbox({ accounts: [{ webKey: 'CT_0123456789abcdef0123456789abcdef', clients: 200 }] });
    const account = sandbox.account();
    const model = ids(account.listClients(0, 200)) as string[];
    const random = new Random(12345);
    const nextInteger = (bound: number) => random.integer(bound);

    try {
      for (let step = 0; step < 400; step++) {
        const choice = nextInteger(4);

        if (choice === 0 && model.length > 0) {
          const id = model[nextInteger(model.length)];
          account.deleteClient(id);
          model.splice(model.indexOf(id), 1);
        } else if (choice === 1) {
          model.unshift(String(account.createClient({}, 'start').client_id));
        } else if (choice === 2) {
          model.push(String(account.createClient({}, 'end').client_id));
        } else {
          const offset = nextInteger(model.length + 5);
          const limit = nextInteger(30);
          expect(ids(account.listClients(offset, limit))).toEqual(model.slice(offset, offset + limit));
        }
      }

      expect(ids(await readAll(sandbox, 'read_client_list', 17))).toEqual(model);
      expect(account.clientCount()).toBe(model.length);
    } finally {
      await sandbox.close();
    }
  });
});
