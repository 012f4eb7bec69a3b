/** The rules of CAT's discovery suite, run on the built connector's `discover` output. */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

import type { Sandbox } from '../../sandbox/server';
import type { AirbyteStream } from '../../source-clienttether/generated/protocol';
import { runConnector, tempFile, type RunResult } from '../helpers/connector';
import { withSandbox } from '../helpers/sandbox';
import { catalogOf, configFor, readCatalog, schemaNodes, suiteTests, typesOf } from './helpers';

const properties = (stream: AirbyteStream) => (stream.json_schema.properties ?? {}) as Record<string, Record<string, unknown>>;

/** Lists why a primary key or cursor path is unusable: missing from the schema, nested, or not a scalar. */
function fieldProblems(stream: AirbyteStream, path: string[], role: string): string[] {
  const where = `${stream.name}: ${role} ${path.join('.')}`;
  if (path.length !== 1) {
    return [`${where} is not one top-level field`];
  }

  const property = properties(stream)[path[0]];
  if (property === undefined) {
    return [`${where} is not in the schema`];
  }
  const types = typesOf(property);
  return types.includes('object') || types.includes('array') ? [`${where} has type ${types.join(' or ')}`] : [];
}

describe('acceptance: discovery', () => {
  const [entry] = suiteTests('discovery');
  let sandbox: Sandbox;
  let result: RunResult;
  let streams: AirbyteStream[];

  beforeAll(async () => {
    sandbox = await withSandbox();
    result = await runConnector(['discover', '--config', tempFile('config.json', configFor(sandbox, entry.config_path))]);
    streams = catalogOf(result);
  });

  afterAll(async () => {
    await sandbox.close();
  });

  test('discover emits one CATALOG', () => {
    expect(result.code).toBe(0);
    expect(result.messages.filter((message) => message.type === 'CATALOG')).toHaveLength(1);
    expect(streams.length).toBeGreaterThan(0);
  });

  test('stream names are unique', () => {
    const names = streams.map((stream) => stream.name);

    expect(new Set(names).size).toBe(names.length);
  });

  test('schemas compile as draft-07', () => {
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);

    const invalid = streams.filter((stream) => !ajv.validateSchema(stream.json_schema)).map((stream) => stream.name);

    expect(invalid).toEqual([]);
    for (const stream of streams) {
      expect(() => ajv.compile(stream.json_schema)).not.toThrow();
    }
  });

  test('schemas have no $ref, allOf or not', () => {
    const found = streams.flatMap((stream) =>
      schemaNodes(stream.json_schema).flatMap(({ path, node }) =>
        ['$ref', 'allOf', 'not'].filter((keyword) => keyword in node).map((keyword) => `${stream.name} ${path}/${keyword}`),
      ),
    );

    expect(found).toEqual([]);
  });

  test('additionalProperties is true when set', () => {
    const closed = streams.flatMap((stream) =>
      schemaNodes(stream.json_schema)
        .filter(({ node }) => 'additionalProperties' in node && node.additionalProperties !== true)
        .map(({ path }) => `${stream.name} ${path}`),
    );

    expect(closed).toEqual([]);
  });

  test('supported_sync_modes are set', () => {
    const without = streams.filter((stream) => stream.supported_sync_modes.length === 0).map((stream) => stream.name);

    expect(without).toEqual([]);
  });

  test('primary keys are scalar fields', () => {
    const problems = streams.flatMap((stream) => {
      const keys = stream.source_defined_primary_key ?? [];
      if (keys.length === 0) {
        return [`${stream.name}: no primary key`];
      }
      return keys.flatMap((path) => fieldProblems(stream, path, 'primary key'));
    });

    expect(problems).toEqual([]);
  });

  test('incremental streams have scalar cursors', () => {
    const incremental = streams.filter((stream) => stream.supported_sync_modes.includes('incremental'));

    const problems = incremental.flatMap((stream) => {
      if (stream.source_defined_cursor !== true || !stream.default_cursor_field) {
        return [`${stream.name}: incremental without a source-defined cursor`];
      }
      return fieldProblems(stream, stream.default_cursor_field, 'cursor');
    });

    expect(incremental.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  test('configured catalog matches discovery', () => {
    const byName = new Map(streams.map((stream) => [stream.name, stream]));

    for (const basicRead of suiteTests('basic_read')) {
      for (const configured of readCatalog(basicRead.configured_catalog_path).streams) {
        const discovered = byName.get(configured.stream.name);
        expect(discovered?.name).toBe(configured.stream.name);
        expect(discovered!.supported_sync_modes).toContain(configured.sync_mode);
        expect(configured.primary_key ?? discovered!.source_defined_primary_key).toEqual(discovered!.source_defined_primary_key);
        if (configured.sync_mode === 'incremental') {
          expect(configured.cursor_field).toEqual(discovered!.default_cursor_field);
        }
      }
    }
  });

  test('configured catalog has every stream', () => {
    const [basicRead] = suiteTests('basic_read');
    const configured = readCatalog(basicRead.configured_catalog_path).streams.map((stream) => stream.stream.name);

    expect(configured.sort()).toEqual(streams.map((stream) => stream.name).sort());
  });
});
