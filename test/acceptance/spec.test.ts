/** The rules of CAT's spec suite, run on the built connector's `spec` output. */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

import type { ConnectorSpecification } from '../../source-clienttether/generated/protocol';
import { runConnector, type RunResult } from '../helpers/connector';
import { pathOf, readJson, schemaNodes, suiteTests, typesOf } from './helpers';

/** Property names CAT requires to be `airbyte_secret` when they hold a string or a number. */
const SECRET_NAMES = [
  'client_token', 'access_token', 'api_token', 'token', 'secret', 'client_secret', 'password', 'key',
  'service_account_info', 'service_account', 'tenant_id', 'certificate', 'jwt', 'credentials', 'app_id',
  'appid', 'refresh_token',
];

const FORBIDDEN_KEYWORDS = [
  'not', 'anyOf', 'allOf', 'if', 'then', 'else', 'patternProperties', 'prefixItems', 'dependentSchemas', 'dependentRequired',
];

const SCALAR_TYPES = ['string', 'number', 'integer'];

describe('acceptance: spec', () => {
  const [entry] = suiteTests('spec');
  let result: RunResult;
  let spec: ConnectorSpecification;
  let connection: Record<string, unknown>;

  beforeAll(async () => {
    result = await runConnector(['spec']);
    spec = result.messages.find((message) => message.type === 'SPEC')?.spec as ConnectorSpecification;
    connection = spec.connectionSpecification;
  });

  test('spec emits one SPEC', () => {
    expect(result.code).toBe(0);
    expect(result.messages.map((message) => message.type)).toEqual(['SPEC']);
  });

  test('spec equals spec_path file', () => {
    expect(spec).toEqual(readJson(pathOf(entry.spec_path)));
  });

  test('schema compiles as draft-07', () => {
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);

    expect(connection.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(ajv.validateSchema(connection)).toBe(true);
    expect(() => ajv.compile(connection)).not.toThrow();
  });

  test('sample config validates', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(connection);

    const valid = validate(readJson(pathOf(entry.config_path)));

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test('secret-like fields are airbyte_secret', () => {
    const unmarked = schemaNodes(connection)
      .filter(({ path }) => SECRET_NAMES.includes(path.split('/').pop()!.toLowerCase()))
      .filter(({ node }) => typesOf(node).some((type) => SCALAR_TYPES.includes(type)) && node.const === undefined)
      .filter(({ node }) => node.airbyte_secret !== true)
      .map(({ path }) => path);

    expect(unmarked).toEqual([]);
  });

  test('credentials are airbyte_secret', () => {
    const properties = connection.properties as Record<string, Record<string, unknown>>;

    expect(properties.access_token.airbyte_secret).toBe(true);
    expect(properties.web_key.airbyte_secret).toBe(true);
  });

  test('airbyte_secret only on scalar fields', () => {
    const misplaced = schemaNodes(connection)
      .filter(({ node }) => node.airbyte_secret === true)
      .filter(({ node }) => node.const !== undefined || !typesOf(node).every((type) => [...SCALAR_TYPES, 'null'].includes(type)))
      .map(({ path }) => path);

    expect(misplaced).toEqual([]);
  });

  test('no forbidden keywords', () => {
    const found = schemaNodes(connection).flatMap(({ path, node }) =>
      FORBIDDEN_KEYWORDS.filter((keyword) => keyword in node).map((keyword) => `${path}/${keyword}`),
    );

    expect(found).toEqual([]);
  });

  test('type arrays are [x] or [x, null]', () => {
    const invalid = schemaNodes(connection)
      .filter(({ node }) => Array.isArray(node.type))
      .filter(({ node }) => {
        const types = node.type as string[];
        const nonNull = types.filter((type) => type !== 'null');
        return nonNull.length !== 1 || types.length > 2;
      })
      .map(({ path }) => path);

    expect(invalid).toEqual([]);
  });

  test('order is unique among siblings', () => {
    const duplicates = schemaNodes(connection).flatMap(({ path, node }) => {
      const properties = Object.values((node.properties ?? {}) as Record<string, Record<string, unknown>>);
      const orders = properties.map((property) => property.order).filter((order) => order !== undefined);
      return orders.filter((order, index) => orders.indexOf(order) !== index).map((order) => `${path}: order ${String(order)}`);
    });

    expect(duplicates).toEqual([]);
  });

  test('additionalProperties is true when set', () => {
    const closed = schemaNodes(connection)
      .filter(({ node }) => 'additionalProperties' in node && node.additionalProperties !== true)
      .map(({ path }) => path);

    expect(closed).toEqual([]);
  });

  test('objects below the root have properties', () => {
    const empty = schemaNodes(connection)
      .filter(({ path, node }) => path !== '#' && typesOf(node).includes('object'))
      .filter(({ node }) => Object.keys((node.properties ?? {}) as object).length === 0 && node.oneOf === undefined)
      .map(({ path }) => path);

    expect(empty).toEqual([]);
  });

  test('enum values are distinct', () => {
    const repeated = schemaNodes(connection)
      .filter(({ node }) => Array.isArray(node.enum))
      .filter(({ node }) => new Set((node.enum as unknown[]).map((value) => JSON.stringify(value))).size !== (node.enum as unknown[]).length)
      .map(({ path }) => path);

    expect(repeated).toEqual([]);
  });

  test('no $ref', () => {
    expect(JSON.stringify(connection)).not.toContain('"$ref"');
  });
});
