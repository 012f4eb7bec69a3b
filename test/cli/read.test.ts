import Ajv from 'ajv';
import addFormats from 'ajv-formats';

import type { Sandbox } from '../../sandbox/server';
import clientsSchema from '../../schemas/clients.json';
import { errorTraces, logs, nextInputState, records, states, statuses, tempFile, runConnector } from '../helpers/connector';
import { readSandbox, withSandbox } from '../helpers/sandbox';

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validateClient = ajv.compile(clientsSchema);

const ids = (list: Array<{ data: Record<string, unknown> }>) => list.map((record) => String(record.data.client_id));

describe('read clients against the sandbox', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await withSandbox();
  });

  afterEach(async () => {
    await sandbox.close();
  });

  test('full refresh reads every page once', async () => {
    const result = await readSandbox(sandbox, [['clients', 'full_refresh']]);

    expect(result.code).toBe(0);
    const emitted = records(result, 'clients');
    expect(emitted).toHaveLength(sandbox.account().clientCount());
    expect(new Set(ids(emitted)).size).toBe(emitted.length);
    expect(statuses(result, 'clients')).toEqual(['STARTED', 'RUNNING', 'COMPLETE']);

    const final = states(result, 'clients');
    expect(final).toHaveLength(1);
    expect(final[0].sourceStats?.recordCount).toBe(emitted.length);
  });

  test('estimate and progress are reported', async () => {
    sandbox.faults.inject({ kind: '503', operation: 'read_client_list', times: 1 });
    const result = await readSandbox(sandbox, [['clients', 'full_refresh']]);

    const estimates = result.messages.filter((message) => message.trace?.type === 'ESTIMATE').map((message) => message.trace!.estimate!);
    expect(estimates).toEqual([{ name: 'clients', type: 'STREAM', row_estimate: 250 }]);
    const progress = logs(result).filter((log) => log.message.startsWith('clients: finished reading'));
    expect(progress).toHaveLength(1);
    expect(progress[0].message).toMatch(/250 rows of 250 \(100\.0%\)/);
    expect(progress[0].message).toMatch(/\d+ rows\/s/);
    expect(progress[0].message).toMatch(/1 retry so far/);
  });

  test('records match the schema with UTC timestamps', async () => {
    const result = await readSandbox(sandbox, [['clients', 'full_refresh']]);

    for (const record of records(result, 'clients')) {
      expect(validateClient(record.data)).toBe(true);
      expect(Number.isInteger(record.emitted_at)).toBe(true);
      const modified = record.data.last_modified_date as string | null;
      if (modified !== null) {
        expect(modified).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      }
    }
  });

  test('second incremental sync emits changes and ties', async () => {
    const first = await readSandbox(sandbox, [['clients', 'incremental']]);
    expect(first.code).toBe(0);
    const cursor = states(first, 'clients').at(-1)?.stream?.stream_state?.last_modified_date as string;
    expect(typeof cursor).toBe('string');

    sandbox.clock.advance(3600_000);
    const changed = ['1000007', '1000120', '1000249'];
    changed.forEach((id) => sandbox.account().modifyClient(id, { city: 'Changed City' }));
    const ties = records(first, 'clients').filter((record) => record.data.last_modified_date === cursor);

    const second = await readSandbox(sandbox, [['clients', 'incremental']], nextInputState(first));

    expect(second.code).toBe(0);
    const expected = new Set([...changed, ...ids(ties)]);
    expect(new Set(ids(records(second, 'clients')))).toEqual(expected);
    expect(ties.length).toBeGreaterThan(0);
  });

  test('sync from a checkpoint resumes after it', async () => {
    const config = { checkpoint_interval_records: 60 };
    const full = await readSandbox(sandbox, [['clients', 'incremental']], undefined, config);
    const checkpoints = states(full, 'clients');
    expect(checkpoints.length).toBeGreaterThan(2);

    const middle = checkpoints[1];
    const scan = middle.stream?.stream_state?.scan as { next_offset: number };
    expect(scan.next_offset).toBeGreaterThan(0);

    const resumed = await readSandbox(sandbox, [['clients', 'incremental']], [{ type: 'STREAM', stream: middle.stream }], config);
    expect(resumed.code).toBe(0);

    const allIds = ids(records(full, 'clients'));
    const afterCheckpoint = allIds.slice(scan.next_offset);
    expect(ids(records(resumed, 'clients'))).toEqual(expect.arrayContaining(afterCheckpoint));
    expect(records(resumed, 'clients').length).toBeLessThan(allIds.length);
  });

  test('killed sync rerun from its last state loses nothing', async () => {
    // Latency keeps the sync running long enough for the kill to land in the middle of it.
    const slow = await withSandbox({ latencyMs: 30 });
    const config = { checkpoint_interval_records: 40, page_concurrency: 1 };
    let statesSeen = 0;
    const killed = await readSandbox(slow, [['clients', 'incremental']], undefined, config, {
      onMessage: (message, child) => {
        if (message.type === 'STATE' && ++statesSeen === 3) {
          child.kill('SIGKILL');
        }
      },
    });
    expect(killed.signal).toBe('SIGKILL');

    const lastState = nextInputState(killed);
    const delivered = new Set(ids(records(killed, 'clients')));
    const rerun = await readSandbox(slow, [['clients', 'incremental']], lastState, config);
    expect(rerun.code).toBe(0);
    ids(records(rerun, 'clients')).forEach((id) => delivered.add(id));

    const everyId = slow.account().listClients(0, 1000).map((client) => String(client.client_id));
    expect([...delivered].sort()).toEqual(everyId.sort());
    await slow.close();
  });

  test('deletes before the offset keep the cursor', async () => {
    const first = await readSandbox(sandbox, [['clients', 'incremental']]);
    const cursorBefore = states(first, 'clients').at(-1)?.stream?.stream_state?.last_modified_date;

    // The client at offset 100 changes first and a later one changes after it. Deleting three
    // clients before offset 100 mid-scan moves the first one behind the scan.
    sandbox.clock.advance(60_000);
    const moved = String(sandbox.account().listClients(100, 1)[0].client_id);
    sandbox.account().modifyClient(moved, { city: 'Moved Earlier' });
    sandbox.clock.advance(60_000);
    sandbox.account().modifyClient(String(sandbox.account().listClients(200, 1)[0].client_id), { city: 'Changed Later' });

    let deleted = false;
    sandbox.onRequest((request) => {
      if (!deleted && request.operation === 'read_client_list' && request.offset >= 99) {
        deleted = true;
        for (const client of sandbox.account().listClients(0, 3)) {
          sandbox.account().deleteClient(String(client.client_id));
        }
      }
    });

    const during = await readSandbox(sandbox, [['clients', 'incremental']], nextInputState(first));
    expect(during.code).toBe(0);
    expect(ids(records(during, 'clients'))).not.toContain(moved);
    expect(logs(during).some((log) => /offsets may have shifted/.test(log.message))).toBe(true);
    expect(states(during, 'clients').at(-1)?.stream?.stream_state?.last_modified_date).toBe(cursorBefore);

    const next = await readSandbox(sandbox, [['clients', 'incremental']], nextInputState(during));
    expect(ids(records(next, 'clients'))).toContain(moved);
  });

  test('inserts and deletes mid-scan lose no client', async () => {
    const first = await readSandbox(sandbox, [['clients', 'incremental']]);
    sandbox.clock.advance(60_000);
    const skipped = String(sandbox.account().modifyClient('1000195', { city: 'Changed' }).client_id);
    sandbox.clock.advance(60_000);
    const later = String(sandbox.account().modifyClient('1000240', { city: 'Changed Later' }).client_id);

    // Four inserts at the start before the second page, two deletes before the third: the second
    // page repeats rows, and the third passes over the row that the deletes moved behind it.
    let step = 0;
    const inserted: string[] = [];
    sandbox.onRequest((request) => {
      if (request.operation !== 'read_client_list' || request.offset < 99) {
        return;
      }
      step++;
      if (step === 1) {
        for (let i = 0; i < 4; i++) {
          inserted.push(String(sandbox.account().createClient({ firstName: `Inserted ${i}` }, 'start').client_id));
        }
      } else if (step === 2) {
        for (const client of sandbox.account().listClients(10, 2)) {
          sandbox.account().deleteClient(String(client.client_id));
        }
      }
    });

    const during = await readSandbox(sandbox, [['clients', 'incremental']], nextInputState(first), { page_concurrency: 1 });
    expect(during.code).toBe(0);
    expect(ids(records(during, 'clients'))).not.toContain(skipped);
    expect(ids(records(during, 'clients'))).toContain(later);

    const after = await readSandbox(sandbox, [['clients', 'incremental']], nextInputState(during));
    expect(after.code).toBe(0);
    const seen = new Set([...ids(records(during, 'clients')), ...ids(records(after, 'clients'))]);
    for (const id of [skipped, later, ...inserted]) {
      expect(seen).toContain(id);
    }
  });

  test('future cursor emits no records but a state', async () => {
    const future = [{ type: 'STREAM', stream: { stream_descriptor: { name: 'clients' }, stream_state: { last_modified_date: '2121-01-01T00:00:00Z' } } }];
    const result = await readSandbox(sandbox, [['clients', 'incremental']], future);

    expect(result.code).toBe(0);
    expect(records(result, 'clients')).toHaveLength(0);
    expect(states(result, 'clients').at(-1)?.stream?.stream_state?.last_modified_date).toBe('2121-01-01T00:00:00Z');
    expect(statuses(result, 'clients')).toEqual(['STARTED', 'RUNNING', 'COMPLETE']);
  });

  test('start_date filters old records', async () => {
    const all = await readSandbox(sandbox, [['clients', 'incremental']]);
    const since = '2025-06-01';
    const expected = records(all, 'clients').filter(
      (record) => record.data.last_modified_date === null || (record.data.last_modified_date as string) >= '2025-06-01T00:00:00Z',
    );

    const result = await readSandbox(sandbox, [['clients', 'incremental']], undefined, { start_date: since });
    expect(new Set(ids(records(result, 'clients')))).toEqual(new Set(ids(expected)));
    expect(expected.length).toBeLessThan(records(all, 'clients').length);
  });
});

describe('input state shapes', () => {
  let sandbox: Sandbox;
  const cursor = '2025-09-01T00:00:00Z';
  const streamState = { stream_descriptor: { name: 'clients' }, stream_state: { last_modified_date: cursor } };

  beforeAll(async () => {
    sandbox = await withSandbox();
  });

  afterAll(async () => {
    await sandbox.close();
  });

  const shapes: Array<[string, unknown, boolean]> = [
    ['empty list', [], false],
    ['empty object', {}, false],
    ['null', null, false],
    ['STREAM list', [{ type: 'STREAM', stream: streamState }], true],
    ['GLOBAL', [{ type: 'GLOBAL', global: { shared_state: {}, stream_states: [streamState] } }], true],
    ['LEGACY message', [{ type: 'LEGACY', data: { clients: { last_modified_date: cursor } } }], true],
    ['LEGACY map', { clients: { last_modified_date: cursor } }, true],
    ['LEGACY date-only cursor', { clients: { last_modified_date: cursor.slice(0, 10) } }, true],
  ];

  test.each(shapes)('%s is read', async (_name, state, hasCursor) => {
    const result = await readSandbox(sandbox, [['clients', 'incremental']], state);

    expect(result.code).toBe(0);
    const emitted = records(result, 'clients');
    if (!hasCursor) {
      expect(emitted).toHaveLength(sandbox.account().clientCount());
      return;
    }
    const beforeCursor = emitted.filter((record) => record.data.last_modified_date !== null && (record.data.last_modified_date as string) < cursor);
    expect(beforeCursor).toHaveLength(0);
    expect(emitted.length).toBeLessThan(sandbox.account().clientCount());
  });

  test('missing and empty state files start over', async () => {
    const missing = await runConnectorWithStateFile('/nonexistent/state.json');
    const empty = await runConnectorWithStateFile(tempFile('state.json', ''));

    expect(missing.code).toBe(0);
    expect(empty.code).toBe(0);
    expect(records(missing, 'clients')).toHaveLength(sandbox.account().clientCount());
    expect(records(empty, 'clients')).toHaveLength(sandbox.account().clientCount());
  });

  test('cursor that is not a date is a config error', async () => {
    const bad = [{ type: 'STREAM', stream: { stream_descriptor: { name: 'clients' }, stream_state: { last_modified_date: 'yesterday' } } }];
    const result = await readSandbox(sandbox, [['clients', 'incremental']], bad);

    expect(result.code).toBe(1);
    const [error] = errorTraces(result);
    expect(error.failure_type).toBe('config_error');
    expect(error.message).toMatch(/stream clients/);
    expect(error.message).toMatch(/"yesterday"/);
    expect(error.message).toMatch(/Clear data/);
    expect(statuses(result, 'clients')).toEqual(['STARTED', 'INCOMPLETE']);
  });

  test('state that is not JSON is a config error', async () => {
    const result = await runConnectorWithStateFile(tempFile('state.json', '[{"type":'));

    expect(result.code).toBe(1);
    expect(errorTraces(result)[0].failure_type).toBe('config_error');
    expect(errorTraces(result)[0].message).toMatch(/not valid JSON/);
  });

  function runConnectorWithStateFile(statePath: string) {
    return readSandbox(sandbox, [['clients', 'incremental']]).then(() =>
      runConnector([
        'read',
        '--config',
        tempFile('config.json', { access_token: sandbox.accessToken, web_key: sandbox.account().webKey, api_url: sandbox.url, time_zone: sandbox.account().timeZone }),
        '--catalog',
        tempFile('catalog.json', { streams: [{ stream: { name: 'clients', json_schema: {}, supported_sync_modes: ['incremental'] }, sync_mode: 'incremental', destination_sync_mode: 'append' }] }),
        '--state',
        statePath,
      ]),
    );
  }
});
