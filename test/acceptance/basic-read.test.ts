/** The rules of CAT's basic read suite: one read of the configured catalog against a sandbox. */
import { readFileSync } from 'node:fs';

import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

import type { Sandbox } from '../../sandbox/server';
import type { AirbyteRecordMessage, AirbyteStream } from '../../source-clienttether/generated/protocol';
import { errorTraces, records, runConnector, states, statuses, tempFile, type RunResult } from '../helpers/connector';
import { withSandbox } from '../helpers/sandbox';
import {
  catalogOf,
  configFor,
  pathOf,
  primaryKeyOf,
  readCatalog,
  readWith,
  suiteTests,
  typesOf,
  type ConfiguredStream,
  type YamlMap,
} from './helpers';

/**
 * Compiles a stream schema the way CAT validates records with `fail_on_extra_columns`: top-level
 * fields the schema does not declare are errors, and date-time values must be RFC 3339.
 */
function compileClosed(ajv: Ajv, schema: Record<string, unknown>): ValidateFunction {
  return ajv.compile({ ...schema, additionalProperties: false });
}

/**
 * Lists integer fields written with a fraction or an exponent in one raw stdout line. JSON.parse
 * reads 1.0 as 1, but CAT parses the line in Python, where 1.0 is a float and fails `integer`.
 */
function integersWrittenAsFloats(line: string, integerFields: string[]): string[] {
  return integerFields.filter((field) => {
    const escaped = JSON.stringify(field).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const match = new RegExp(`[{,]${escaped}:(-?[0-9][0-9.eE+-]*)`).exec(line);
    return match !== null && !/^-?\d+$/.test(match[1]);
  });
}

describe('acceptance: basic read', () => {
  const [entry] = suiteTests('basic_read');
  const configured: ConfiguredStream[] = readCatalog(entry.configured_catalog_path).streams;
  const names = configured.map((stream) => stream.stream.name);
  let sandbox: Sandbox;
  let discovered: Map<string, AirbyteStream>;
  let result: RunResult;

  beforeAll(async () => {
    sandbox = await withSandbox();
    const config = configFor(sandbox, entry.config_path);

    const discover = await runConnector(['discover', '--config', tempFile('config.json', config)]);
    discovered = new Map(catalogOf(discover).map((stream) => [stream.name, stream]));
    result = await readWith(config, { streams: configured });
  });

  afterAll(async () => {
    await sandbox.close();
  });

  test('read exits 0 without errors', () => {
    expect(errorTraces(result)).toEqual([]);
    expect(result.code).toBe(0);
  });

  test.each(names)('%s has records', (stream) => {
    expect(records(result, stream).length).toBeGreaterThan(0);
  });

  test.each(names)('%s records match the schema', (stream) => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = compileClosed(ajv, discovered.get(stream)!.json_schema);

    const invalid = records(result, stream)
      .filter((record) => !validate(record.data))
      .map((record) => ({ data: record.data, errors: validate.errors }));

    expect(invalid.slice(0, 3)).toEqual([]);
  });

  test.each(names)('%s integers are written as integers', (stream) => {
    const schemaProperties = (discovered.get(stream)!.json_schema.properties ?? {}) as Record<string, Record<string, unknown>>;
    const integerFields = Object.keys(schemaProperties).filter((field) => typesOf(schemaProperties[field]).includes('integer'));
    const lines = result.stdout.split('\n').filter((line) => line.startsWith('{"type":"RECORD"') && line.includes(`"stream":${JSON.stringify(stream)}`));

    const floats = lines.flatMap((line) => integersWrittenAsFloats(line, integerFields).map((field) => `${field} in ${line.slice(0, 200)}`));

    expect(lines.length).toBeGreaterThan(0);
    expect(floats).toEqual([]);
  });

  test.each(names)('%s primary keys are set', (stream) => {
    const keyField = primaryKeyOf(configured.find((entry) => entry.stream.name === stream)!);

    const unset = records(result, stream).filter((record) => {
      const value = record.data[keyField];
      return value === undefined || value === null || typeof value === 'object';
    });

    expect(unset.map((record) => record.data)).toEqual([]);
  });

  test.each(names)('%s statuses run to COMPLETE', (stream) => {
    const sequence = statuses(result, stream);

    expect(sequence[0]).toBe('STARTED');
    expect(sequence.at(-1)).toBe('COMPLETE');
    expect(sequence.length).toBeGreaterThanOrEqual(3);
    expect(sequence.slice(1, -1).every((status) => status === 'RUNNING')).toBe(true);
  });

  test.each(names)('%s has STREAM states with counts', (stream) => {
    const streamStates = states(result, stream);

    expect(streamStates.length).toBeGreaterThan(0);
    for (const state of streamStates) {
      expect(state.type).toBe('STREAM');
      expect(typeof state.sourceStats?.recordCount).toBe('number');
    }
  });

  test.each(names)('%s recordCount counts records since the last state', (stream) => {
    let sinceLastState = 0;
    const mismatches: string[] = [];

    for (const message of result.messages) {
      if (message.type === 'RECORD' && message.record?.stream === stream) {
        sinceLastState++;
      } else if (message.type === 'STATE' && message.state?.stream?.stream_descriptor.name === stream) {
        if (message.state.sourceStats?.recordCount !== sinceLastState) {
          mismatches.push(`recordCount ${String(message.state.sourceStats?.recordCount)} after ${sinceLastState} records`);
        }
        sinceLastState = 0;
      }
    }

    expect(mismatches).toEqual([]);
  });

  describe('expected records', () => {
    const expectRecords = entry.expect_records as YamlMap;
    const expected = readFileSync(pathOf(expectRecords.path), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as AirbyteRecordMessage);
    const expectedStreams = [...new Set(expected.map((record) => record.stream))];

    test('file names only configured streams', () => {
      expect(expectedStreams.filter((stream) => !names.includes(stream))).toEqual([]);
      expect(expected.length).toBeGreaterThan(0);
    });

    test.each(expectedStreams)('%s has every expected record', (stream) => {
      const keyField = primaryKeyOf(configured.find((entry) => entry.stream.name === stream)!);
      const actual = new Map(records(result, stream).map((record) => [String(record.data[keyField]), record.data]));

      const missing = expected
        .filter((record) => record.stream === stream)
        .filter((record) => !actual.has(String(record.data[keyField])))
        .map((record) => String(record.data[keyField]));

      expect(missing).toEqual([]);
    });

    test.each(expectedStreams)('%s expected records are equal', (stream) => {
      const keyField = primaryKeyOf(configured.find((entry) => entry.stream.name === stream)!);
      const actual = new Map(records(result, stream).map((record) => [String(record.data[keyField]), record.data]));

      const different = expected
        .filter((record) => record.stream === stream && actual.has(String(record.data[keyField])))
        .filter((record) => JSON.stringify(actual.get(String(record.data[keyField]))) !== JSON.stringify(record.data))
        .map((record) => ({ expected: record.data, actual: actual.get(String(record.data[keyField])) }));

      expect(different.slice(0, 3)).toEqual([]);
    });
  });

  test('invalid catalog fails with an ERROR trace', async () => {
    const invalidCatalog = {
      streams: [
        {
          stream: {
            name: '__AIRBYTE__stream_that_does_not_exist',
            json_schema: { type: 'object', properties: { f1: { type: 'string' } } },
            supported_sync_modes: ['full_refresh'],
          },
          sync_mode: 'INVALID',
          destination_sync_mode: 'INVALID',
        },
      ],
    };

    const invalid = await readWith(configFor(sandbox, entry.config_path), invalidCatalog);

    expect(invalid.code).not.toBe(0);
    expect(errorTraces(invalid).length).toBeGreaterThan(0);
    expect(errorTraces(invalid)[0].message).toMatch(/__AIRBYTE__stream_that_does_not_exist/);
  });
});
