import { Sandbox, startSandbox } from '../../sandbox/server';
import { getJson, rows } from './helpers';

const MILLION = 1_000_000;
/** Heap growth allowed while serving a million-client account. Holding every record would take gigabytes. */
const HEAP_GROWTH_LIMIT_BYTES = 64 * 1024 * 1024;

describe('sandbox at one million clients', () => {
  let sandbox: Sandbox;
  let heapBefore: number;

  beforeAll(async () => {
    heapBefore = process.memoryUsage().heapUsed;
    sandbox = await startSandbox({ accounts: [{ webKey: 'CT_0123456789abcdef0123456789abcdef', clients: MILLION }] });
  });

  afterAll(() => sandbox.close());

  test('last page is served', async () => {
    const envelope = await getJson(sandbox, `read_client_list?limit=100&offset=${MILLION - 100}`);
    const ids = rows(envelope).map((client) => client.client_id);

    expect(envelope.TotalRecord).toBe(MILLION);
    expect(ids).toHaveLength(100);
    expect(ids[0]).toBe('1999900');
    expect(ids[99]).toBe('1999999');
  });

  test('offset past the end returns CT515', async () => {
    const envelope = await getJson(sandbox, `read_client_list?limit=100&offset=${MILLION}`);

    expect(envelope.ResultCode).toBe('CT_515');
  });

  test('deletes shift pages near the end', async () => {
    const account = sandbox.account();
    for (let index = 0; index < 1000; index++) {
      account.deleteClient(String(1_000_000 + index * 997));
    }
    const envelope = await getJson(sandbox, `read_client_list?limit=100&offset=${MILLION - 1100}`);
    const ids = rows(envelope).map((client) => client.client_id);

    expect(envelope.TotalRecord).toBe(MILLION - 1000);
    expect(ids[0]).toBe('1999900');
    expect(ids[99]).toBe('1999999');
  });

  test('heap stays small while paging', async () => {
    for (let page = 0; page < 50; page++) {
      const offset = Math.floor((page / 50) * (MILLION - 2000));
      await getJson(sandbox, `read_client_list?limit=100&offset=${offset}`);
    }
    const client = sandbox.account().getClient('1987654');
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;

    expect(client?.client_id).toBe('1987654');
    expect(heapGrowth).toBeLessThan(HEAP_GROWTH_LIMIT_BYTES);
  });
});
