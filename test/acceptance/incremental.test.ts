/** The rules of CAT's incremental suite, run on the streams configured as incremental. */
import type { Sandbox } from '../../sandbox/server';
import { nextInputState, records, states, type RunResult } from '../helpers/connector';
import { withSandbox } from '../helpers/sandbox';
import {
  configFor,
  cursorOf,
  incrementalCatalog,
  keysOf,
  pathOf,
  primaryKeyOf,
  readCatalog,
  readJson,
  readWith,
  suiteTests,
  type ConfiguredStream,
  type YamlMap,
} from './helpers';

/** Small enough that each stream checkpoints inside its scan, so resuming can be tested. */
const CHECKPOINT_INTERVAL_RECORDS = 50;

interface StreamStateMessage {
  type: 'STREAM';
  stream: { stream_descriptor: { name: string }; stream_state?: Record<string, unknown> };
}

/** Lists the records of a read whose cursor lies before `cursor`; records without one are allowed. */
function recordsBefore(result: RunResult, configured: ConfiguredStream, cursor: string): unknown[] {
  const cursorField = cursorOf(configured);
  return records(result, configured.stream.name)
    .map((record) => record.data)
    .filter((data) => data[cursorField] !== null && Date.parse(String(data[cursorField])) < Date.parse(cursor));
}

describe('acceptance: incremental', () => {
  const [entry] = suiteTests('incremental');
  const catalog = incrementalCatalog(readCatalog(entry.configured_catalog_path));
  const streams = catalog.streams.map((configured) => [configured.stream.name, configured] as const);
  let sandbox: Sandbox;
  let config: Record<string, unknown>;
  let first: RunResult;

  beforeAll(async () => {
    sandbox = await withSandbox();
    config = configFor(sandbox, entry.config_path, { checkpoint_interval_records: CHECKPOINT_INTERVAL_RECORDS });
    first = await readWith(config, catalog);
  });

  afterAll(async () => {
    await sandbox.close();
  });

  test('catalog has incremental streams', () => {
    expect(catalog.streams.length).toBeGreaterThan(0);
    for (const configured of catalog.streams) {
      expect(cursorOf(configured)).toBe('last_modified_date');
    }
  });

  test('first read emits records and states', () => {
    expect(first.code).toBe(0);
    expect(records(first).length).toBeGreaterThan(0);
    expect(states(first).length).toBeGreaterThan(0);
  });

  describe('second read from the first state', () => {
    let second: RunResult;
    let inputState: StreamStateMessage[];

    beforeAll(async () => {
      inputState = nextInputState(first) as StreamStateMessage[];
      second = await readWith(config, catalog, inputState);
    });

    test('second read exits 0', () => {
      expect(second.code).toBe(0);
    });

    test.each(streams)('%s returns fewer, different records', (stream, configured) => {
      const keyField = primaryKeyOf(configured);
      const firstKeys = new Set(keysOf(first, stream, keyField));
      const secondKeys = new Set(keysOf(second, stream, keyField));

      expect(firstKeys.size).toBeGreaterThan(0);
      expect(secondKeys.size).toBeLessThan(firstKeys.size);
      expect([...secondKeys].sort()).not.toEqual([...firstKeys].sort());
    });

    test.each(streams)('%s returns nothing before the state', (stream, configured) => {
      const cursor = inputState.find((state) => state.stream.stream_descriptor.name === stream)?.stream.stream_state?.[cursorOf(configured)];

      expect(typeof cursor).toBe('string');
      expect(recordsBefore(second, configured, cursor as string)).toEqual([]);
    });
  });

  test.each(streams)('%s resumes from every checkpoint', async (stream, configured) => {
    const keyField = primaryKeyOf(configured);
    const positions = first.messages
      .map((message, index) => ({ message, index }))
      .filter(({ message }) => message.type === 'STATE' && message.state?.stream?.stream_descriptor.name === stream)
      .filter(({ message }) => (message.state?.sourceStats?.recordCount ?? 0) > 0);
    expect(positions.length).toBeGreaterThan(0);

    for (const { message, index } of positions) {
      const followed = first.messages
        .slice(index + 1)
        .filter((later) => later.type === 'RECORD' && later.record?.stream === stream)
        .map((later) => String(later.record!.data[keyField]));

      const resumed = await readWith(config, { streams: [configured] }, [{ type: 'STREAM', stream: message.state!.stream }]);

      expect(resumed.code).toBe(0);
      expect(keysOf(resumed, stream, keyField)).toEqual(expect.arrayContaining(followed));
    }
  });

  test('clients checkpoint inside the scan', () => {
    const intermediate = states(first, 'clients').filter((state) => state.stream?.stream_state?.scan !== undefined);

    expect(intermediate.length).toBeGreaterThan(0);
  });

  describe('abnormally large state', () => {
    const futureState = entry.future_state as YamlMap;
    const abnormal = readJson<StreamStateMessage[]>(pathOf(futureState.future_state_path));
    let result: RunResult;

    beforeAll(async () => {
      result = await readWith(config, catalog, abnormal);
    });

    test('state covers every incremental stream', () => {
      const covered = abnormal.map((state) => state.stream.stream_descriptor.name);

      expect(covered.sort()).toEqual(streams.map(([stream]) => stream).sort());
    });

    test('read emits no records', () => {
      expect(result.code).toBe(0);
      expect(records(result)).toEqual([]);
    });

    test.each(streams)('%s emits a state that keeps the cursor', (stream, configured) => {
      const cursorField = cursorOf(configured);
      const saved = abnormal.find((state) => state.stream.stream_descriptor.name === stream)?.stream.stream_state?.[cursorField];

      const emitted = states(result, stream);

      expect(emitted.length).toBeGreaterThan(0);
      expect(emitted.at(-1)?.stream?.stream_state?.[cursorField]).toBe(saved);
    });
  });

  test('sample state reads changes since it', async () => {
    const sample = readJson<StreamStateMessage[]>(pathOf('sample_state.json'));

    const result = await readWith(config, catalog, sample);

    expect(result.code).toBe(0);
    expect(records(result).length).toBeGreaterThan(0);
    expect(records(result).length).toBeLessThan(records(first).length);
    for (const [stream, configured] of streams) {
      const cursor = sample.find((state) => state.stream.stream_descriptor.name === stream)?.stream.stream_state?.[cursorOf(configured)];
      expect(recordsBefore(result, configured, cursor as string)).toEqual([]);
    }
  });
});
