import nock from 'nock';

import { ClientTetherClient } from '../../source-clienttether/http/client';
import { AdaptiveConcurrency } from '../../source-clienttether/streams/concurrency';
import { findStream, type StreamDeclaration } from '../../source-clienttether/streams/declarations';
import { PageScanner, type ScanPosition } from '../../source-clienttether/streams/pages';
import { API, BASE_PATH, clientRows, envelope, memoryWriter, testConfig } from './helpers';

const clients = findStream('clients') as StreamDeclaration;
const users = findStream('users') as StreamDeclaration;

/**
 * Serves a list with limit/offset paging, capped at `clamp` rows, and records each request. `rows`
 * may be a function of the request's number (0 for the first), for a list that changes mid-scan.
 */
function serveList(
  rows: Array<Record<string, unknown>> | ((request: number) => Array<Record<string, unknown>>),
  options: { clamp?: number; total?: number | null; operation?: string } = {},
) {
  const requests: number[] = [];
  nock(API)
    .persist()
    .get(`${BASE_PATH}${options.operation ?? 'read_client_list'}`)
    .query(true)
    .reply((uri) => {
      const query = new URL(uri, API).searchParams;
      const offset = Number(query.get('offset'));
      const limit = Math.min(Number(query.get('limit')), options.clamp ?? 100);
      const current = typeof rows === 'function' ? rows(requests.length) : rows;
      requests.push(offset);
      const page = current.slice(offset, offset + limit);
      if (page.length === 0) {
        return [200, { ResultCode: 'CT515', Message: 'No Record Found' }];
      }
      return [200, envelope(page, options.total === undefined ? current.length : options.total)];
    });
  return requests;
}

async function scanAll(stream: StreamDeclaration, concurrency = 1, resumeFrom: ScanPosition | null = null) {
  const memory = memoryWriter();
  const client = new ClientTetherClient(testConfig(), memory.logger);
  const scanner = new PageScanner(client, stream, memory.logger, new AdaptiveConcurrency(concurrency), resumeFrom);
  const ids: string[] = [];
  try {
    for await (const page of scanner.pages()) {
      page.rows.forEach((row) => ids.push(String((row as Record<string, unknown>)[stream.primaryKey])));
    }
    return { ids, scanner, logs: memory.messages().map((message) => message.log?.message ?? '') };
  } finally {
    client.close();
  }
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('PageScanner', () => {
  const list = clientRows(1, 250);
  const expectedIds = list.map((row) => String(row.client_id));

  test('reads every row once in order', async () => {
    const requests = serveList(list);

    const { ids, scanner } = await scanAll(clients);

    expect(ids).toEqual(expectedIds);
    expect(scanner.shiftDetected).toBe(false);
    expect(requests).toEqual([0, 99, 198]);
  });

  test('server that clamps limit still reads all', async () => {
    serveList(list, { clamp: 37 });

    const { ids } = await scanAll(clients);

    expect(ids).toEqual(expectedIds);
  });

  test('parallel pages keep list order', async () => {
    serveList(list, { clamp: 20 });

    const { ids, scanner } = await scanAll(clients, 4);

    expect(ids).toEqual(expectedIds);
    expect(scanner.shiftDetected).toBe(false);
  });

  test('without TotalRecord stops on CT515', async () => {
    serveList(list, { total: null });

    const { ids } = await scanAll(clients);

    expect(ids).toEqual(expectedIds);
  });

  test('resume checks the boundary row', async () => {
    const requests = serveList(list);

    const { ids, scanner } = await scanAll(clients, 1, { offset: 150, boundaryKey: 'key:150' });

    expect(ids).toEqual(expectedIds.slice(150));
    expect(scanner.restarted).toBe(false);
    expect(requests[0]).toBe(149);
  });

  test('resume restarts when the boundary moved', async () => {
    serveList(list);

    const { ids, scanner } = await scanAll(clients, 1, { offset: 150, boundaryKey: 'key:9999' });

    expect(scanner.restarted).toBe(true);
    expect(ids).toEqual(expectedIds);
  });

  test('resume past a shrunken list restarts', async () => {
    serveList(list.slice(0, 120), { total: null });

    const { ids, scanner } = await scanAll(clients, 1, { offset: 150, boundaryKey: 'key:150' });

    expect(scanner.restarted).toBe(true);
    expect(ids).toEqual(expectedIds.slice(0, 120));
  });

  test('empty overlap page without TotalRecord marks a shift', async () => {
    // The first page is served from the full list, every later one from a list that lost 20 rows.
    serveList((request) => (request === 0 ? list.slice(0, 110) : list.slice(20, 110)), { total: null });

    const { scanner } = await scanAll(clients);

    expect(scanner.shiftDetected).toBe(true);
  });

  test('server that ignores offset is an error', async () => {
    nock(API).persist().get(`${BASE_PATH}read_client_list`).query(true).reply(200, envelope(list.slice(0, 100), null));

    await expect(scanAll(clients)).rejects.toThrow(/returned the same page again/);
  });

  test('reference list that ignores offset ends', async () => {
    const userRows = Array.from({ length: 30 }, (_, index) => ({ user_id: String(index + 1) }));
    nock(API).persist().get(`${BASE_PATH}read_user_list`).query(true).reply(200, envelope(userRows, null));

    const { ids, logs } = await scanAll(users);

    expect(ids).toHaveLength(30);
    expect(logs.some((log) => /ignores offset/.test(log))).toBe(true);
  });

  test('list that ends before TotalRecord fails', async () => {
    serveList(list.slice(0, 120), { total: 250 });

    await expect(scanAll(clients)).rejects.toThrow(/stopped returning rows at offset 120, but reports 250/);
  });

  test('changed TotalRecord marks a shift', async () => {
    // A client is appended at the end after the first page, so nothing shifts but the total.
    serveList((request) => (request === 0 ? list : [...list, ...clientRows(251, 1)]));

    const { scanner, logs } = await scanAll(clients);

    expect(scanner.shiftDetected).toBe(true);
    expect(logs.some((log) => /TotalRecord changed from 250 to 251/.test(log))).toBe(true);
  });

  test('429 storm lowers concurrency', async () => {
    let rateLimited = 0;
    nock(API)
      .get(`${BASE_PATH}read_client_list`)
      .query(true)
      .times(3)
      .reply(() => {
        rateLimited++;
        return [429, '', { 'Retry-After': '0' }];
      });
    serveList(list, { clamp: 20 });
    const memory = memoryWriter();
    const concurrency = new AdaptiveConcurrency(8);
    const client = new ClientTetherClient(testConfig(), memory.logger, { onRateLimited: () => concurrency.onRateLimited() });

    const ids: string[] = [];
    for await (const page of new PageScanner(client, clients, memory.logger, concurrency).pages()) {
      page.rows.forEach((row) => ids.push(String((row as Record<string, unknown>).client_id)));
    }
    client.close();

    expect(rateLimited).toBe(3);
    expect(concurrency.current).toBe(1);
    expect(ids).toEqual(expectedIds);
  });
});
