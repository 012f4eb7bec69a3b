import nock from 'nock';

import { ClientTetherClient } from '../../source-clienttether/http/client';
import { AdaptiveConcurrency } from '../../source-clienttether/streams/concurrency';
import { findStream, type StreamDeclaration } from '../../source-clienttether/streams/declarations';
import { StreamReader } from '../../source-clienttether/streams/reader';
import { TimestampParser } from '../../source-clienttether/timestamps';
import { API, BASE_PATH, envelope, memoryWriter, testConfig } from './helpers';

const clients = findStream('clients') as StreamDeclaration;

async function readClients(body: Record<string, unknown>, incremental = true) {
  nock(API).get(`${BASE_PATH}read_client_list`).query(true).reply(200, body);
  nock(API).get(`${BASE_PATH}read_client_list`).query(true).optionally().reply(200, { ResultCode: 'CT515' });

  const memory = memoryWriter();
  const config = testConfig({ time_zone: 'America/Chicago' });
  const client = new ClientTetherClient(config, memory.logger);
  const context = {
    config,
    client,
    writer: memory.writer,
    logger: memory.logger,
    concurrency: new AdaptiveConcurrency(1),
    timestamps: new TimestampParser(config.timeZone),
  };
  await new StreamReader(clients, incremental, context).read(undefined);
  client.close();

  const messages = memory.messages();
  return {
    records: messages.filter((message) => message.type === 'RECORD').map((message) => message.record!),
    warnings: messages.filter((message) => message.log?.level === 'WARN').map((message) => message.log!.message),
    states: messages.filter((message) => message.type === 'STATE').map((message) => message.state!.stream!.stream_state!),
  };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('StreamReader API data', () => {
  const longName = 'Zoë 北京 '.repeat(2000);
  const rows = [
    null,
    7,
    { client_id: '1', firstName: longName, deal_size: '1,500.00', created: '', last_modified_date: '0000-00-00 00:00:00', custom_score: '42' },
    { client_id: '2', deal_size: 'n/a', created: '2025-02-30 10:00:00', last_modified_date: '2025-03-01 09:00:00' },
    { client_id: '3', deal_size: '', last_modified_date: '2025-03-01T09:00:00-06:00', assigned_user: { first_name: 'Ana', last_name: 'Núñez' } },
  ];

  test('odd values are converted or reported', async () => {
    const { records, warnings } = await readClients(envelope(rows, '5'));

    expect(records.map((record) => record.data.client_id)).toEqual(['1', '2', '3']);
    const [first, second, third] = records;
    expect(first.data.firstName).toBe(longName);
    expect(first.data.deal_size).toBe(1500);
    expect(first.data.created).toBeNull();
    expect(first.data.last_modified_date).toBeNull();
    expect(first.data.custom_score).toBe('42');
    expect(first.meta).toBeUndefined();

    expect(second.data.deal_size).toBeNull();
    expect(second.data.created).toBeNull();
    expect(second.data.last_modified_date).toBe('2025-03-01T15:00:00Z');
    expect(second.meta?.changes).toEqual([
      { field: 'deal_size', change: 'NULLED', reason: 'SOURCE_SERIALIZATION_ERROR' },
      { field: 'created', change: 'NULLED', reason: 'SOURCE_SERIALIZATION_ERROR' },
    ]);

    expect(third.data.last_modified_date).toBe('2025-03-01T15:00:00Z');
    expect(third.data.assigned_user).toEqual({ first_name: 'Ana', last_name: 'Núñez' });

    expect(warnings.some((warning) => /skipped 2 items/.test(warning))).toBe(true);
    expect(warnings.some((warning) => /1 records without a readable last_modified_date/.test(warning))).toBe(true);
  });

  test('missing cursor values never move the cursor', async () => {
    const { states } = await readClients(envelope(rows, 5));

    expect(states.at(-1)).toEqual({ last_modified_date: '2025-03-01T15:00:00Z' });
  });

  test('success without data is an empty list', async () => {
    const { records, states } = await readClients({ ResultCode: 'CT_200', Message: 'Success', TotalRecord: 0 });

    expect(records).toEqual([]);
    expect(states).toEqual([{}]);
  });
});
