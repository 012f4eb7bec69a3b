/** The rules of CAT's full refresh suite: two sequential reads return the same records. */
import type { Sandbox } from '../../sandbox/server';
import { records, type RunResult } from '../helpers/connector';
import { withSandbox } from '../helpers/sandbox';
import { configFor, fullRefreshCatalog, keysOf, primaryKeyOf, readCatalog, readWith, suiteTests } from './helpers';

describe('acceptance: full refresh', () => {
  const [entry] = suiteTests('full_refresh');
  const catalog = fullRefreshCatalog(readCatalog(entry.configured_catalog_path));
  let sandbox: Sandbox;
  let first: RunResult;
  let second: RunResult;

  beforeAll(async () => {
    sandbox = await withSandbox();
    const config = configFor(sandbox, entry.config_path);

    first = await readWith(config, catalog);
    second = await readWith(config, catalog);
  });

  afterAll(async () => {
    await sandbox.close();
  });

  test('catalog has every stream', () => {
    expect(catalog.streams.map((configured) => configured.sync_mode)).toEqual(catalog.streams.map(() => 'full_refresh'));
    expect(catalog.streams.length).toBe(readCatalog(entry.configured_catalog_path).streams.length);
  });

  test('both reads exit 0', () => {
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
  });

  test.each(catalog.streams.map((configured) => [configured.stream.name, primaryKeyOf(configured)]))(
    '%s reads the same keys twice',
    (stream, keyField) => {
      const firstKeys = keysOf(first, stream, keyField);
      const secondKeys = keysOf(second, stream, keyField);

      expect(firstKeys.length).toBeGreaterThan(0);
      expect([...secondKeys].sort()).toEqual([...firstKeys].sort());
    },
  );

  test.each(catalog.streams.map((configured) => [configured.stream.name, primaryKeyOf(configured)]))(
    '%s reads the same data twice',
    (stream, keyField) => {
      const secondByKey = new Map(records(second, stream).map((record) => [String(record.data[keyField]), record.data]));

      const changed = records(first, stream).filter(
        (record) => JSON.stringify(secondByKey.get(String(record.data[keyField]))) !== JSON.stringify(record.data),
      );

      expect(changed.map((record) => record.data).slice(0, 3)).toEqual([]);
    },
  );

  test('second read is emitted later', () => {
    const latestFirst = Math.max(...records(first).map((record) => record.emitted_at));
    const earliestSecond = Math.min(...records(second).map((record) => record.emitted_at));

    expect(earliestSecond).toBeGreaterThan(latestFirst);
  });
});
