/**
 * Shared parts of the acceptance suites: the integration_tests/ files that Airbyte's Connector
 * Acceptance Test (CAT) reads, pointed at a sandbox on a free port, and a parser for the small
 * YAML subset that metadata.yaml and acceptance-test-config.yml use.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { Sandbox } from '../../sandbox/server';
import type { AirbyteMessage, AirbyteStream } from '../../source-clienttether/generated/protocol';
import { runConnector, tempFile, type RunResult } from '../helpers/connector';

export const ROOT = path.join(__dirname, '..', '..');
export const INTEGRATION_TESTS = path.join(ROOT, 'integration_tests');

export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };
export type YamlMap = { [key: string]: YamlValue };

interface YamlLine {
  indent: number;
  text: string;
  number: number;
}

/**
 * Parses block-style YAML made of maps, lists and plain or quoted scalars, which is all that the
 * connector's YAML files use. Flow collections ([a, b], {a: b}), anchors and multi-line scalars
 * are not supported and raise an error naming the line.
 */
export function parseYamlSubset(source: string): YamlValue {
  const lines: YamlLine[] = source
    .split('\n')
    .map((raw, index) => ({ indent: raw.search(/\S/), text: stripComment(raw).trim(), number: index + 1 }))
    .filter((line) => line.text !== '');
  let position = 0;

  const isListItem = (line: YamlLine) => line.text === '-' || line.text.startsWith('- ');

  const parseBlock = (): YamlValue => (isListItem(lines[position]) ? parseList(lines[position].indent) : parseMap(lines[position].indent));

  const parseMap = (indent: number): YamlMap => {
    const map: YamlMap = {};
    while (position < lines.length && lines[position].indent === indent && !isListItem(lines[position])) {
      const line = lines[position];
      const match = /^([^:'"]+):(?:\s+(.*))?$/.exec(line.text);
      if (!match) {
        throw new Error(`YAML line ${line.number} is not "key: value": ${line.text}`);
      }
      position++;

      const key = match[1].trim();
      const next = lines[position];
      if (match[2] !== undefined) {
        map[key] = parseScalar(match[2], line.number);
      } else if (next && (next.indent > indent || (next.indent === indent && isListItem(next)))) {
        map[key] = parseBlock();
      } else {
        map[key] = null;
      }
    }
    return map;
  };

  const parseList = (indent: number): YamlValue[] => {
    const list: YamlValue[] = [];
    while (position < lines.length && lines[position].indent === indent && isListItem(lines[position])) {
      const line = lines[position];
      const rest = line.text.slice(1).trimStart();

      if (rest === '') {
        position++;
        list.push(parseBlock());
      } else if (/^[^'"][^:]*:(\s|$)/.test(rest)) {
        // "- key: value" opens a map whose keys line up with "key".
        const itemIndent = indent + line.text.length - rest.length;
        lines[position] = { indent: itemIndent, text: rest, number: line.number };
        list.push(parseMap(itemIndent));
      } else {
        position++;
        list.push(parseScalar(rest, line.number));
      }
    }
    return list;
  };

  const value = lines.length === 0 ? null : parseBlock();
  if (position < lines.length) {
    throw new Error(`YAML line ${lines[position].number} has an unexpected indentation: ${lines[position].text}`);
  }
  return value;
}

/** Removes a `#` comment that starts the line or follows a space outside quotes. */
function stripComment(raw: string): string {
  let quote: string | null = null;
  for (let index = 0; index < raw.length; index++) {
    const char = raw[index];
    if (quote !== null) {
      quote = char === quote ? null : quote;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '#' && (index === 0 || /\s/.test(raw[index - 1]))) {
      return raw.slice(0, index);
    }
  }
  return raw;
}

function parseScalar(text: string, lineNumber: number): YamlValue {
  if (/^[[{&*|>]/.test(text)) {
    throw new Error(`YAML line ${lineNumber} uses syntax this parser does not support: ${text}`);
  }
  if (text.startsWith('"')) {
    return JSON.parse(text) as string;
  }
  if (text.startsWith("'")) {
    return text.slice(1, -1).replace(/''/g, "'");
  }
  if (text === 'true' || text === 'false') {
    return text === 'true';
  }
  if (text === 'null' || text === '~') {
    return null;
  }
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

export function readYamlFile(relativePath: string): YamlMap {
  return parseYamlSubset(readFileSync(path.join(ROOT, relativePath), 'utf8')) as YamlMap;
}

export function readJson<T = unknown>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

const acceptanceConfig = () => readYamlFile('integration_tests/acceptance-test-config.yml');

/**
 * Returns the test entries of one suite in acceptance-test-config.yml. CAT resolves their paths
 * from the folder that contains the file, so `pathOf` does the same.
 */
export function suiteTests(suite: string): YamlMap[] {
  const suites = acceptanceConfig().acceptance_tests as YamlMap;
  const tests = (suites[suite] as YamlMap | undefined)?.tests;
  if (!Array.isArray(tests) || tests.length === 0) {
    throw new Error(`acceptance-test-config.yml has no tests for the ${suite} suite`);
  }
  return tests as YamlMap[];
}

export function pathOf(relativeToConfig: YamlValue): string {
  return path.resolve(INTEGRATION_TESTS, String(relativeToConfig));
}

/** Reads a config file of integration_tests/ and points its api_url at the test's sandbox. */
export function configFor(sandbox: Sandbox, configPath: YamlValue, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...readJson<Record<string, unknown>>(pathOf(configPath)), api_url: sandbox.url, ...overrides };
}

export interface ConfiguredStream {
  stream: AirbyteStream;
  sync_mode: string;
  destination_sync_mode: string;
  primary_key?: string[][];
  cursor_field?: string[];
}

export interface ConfiguredCatalog {
  streams: ConfiguredStream[];
}

export function readCatalog(catalogPath: YamlValue): ConfiguredCatalog {
  return readJson<ConfiguredCatalog>(pathOf(catalogPath));
}

/** Builds the catalog of CAT's full refresh suite: every stream, in full refresh with overwrite. */
export function fullRefreshCatalog(catalog: ConfiguredCatalog): ConfiguredCatalog {
  return {
    streams: catalog.streams
      .filter((configured) => configured.stream.supported_sync_modes.includes('full_refresh'))
      .map((configured) => ({ ...configured, sync_mode: 'full_refresh', destination_sync_mode: 'overwrite' })),
  };
}

/** Builds the catalog of CAT's incremental suite: only the streams configured as incremental. */
export function incrementalCatalog(catalog: ConfiguredCatalog): ConfiguredCatalog {
  return { streams: catalog.streams.filter((configured) => configured.sync_mode === 'incremental') };
}

export function primaryKeyOf(configured: ConfiguredStream): string {
  const key = configured.primary_key ?? configured.stream.source_defined_primary_key;
  if (!key || key.length !== 1 || key[0].length !== 1) {
    throw new Error(`Stream ${configured.stream.name} needs a primary key of one top-level field`);
  }
  return key[0][0];
}

export function cursorOf(configured: ConfiguredStream): string {
  const cursor = configured.cursor_field ?? configured.stream.default_cursor_field;
  if (!cursor || cursor.length !== 1) {
    throw new Error(`Stream ${configured.stream.name} needs a cursor of one top-level field`);
  }
  return cursor[0];
}

/** Runs `read` with a config and a catalog given as values, and an optional input state. */
export function readWith(config: unknown, catalog: unknown, state?: unknown): Promise<RunResult> {
  const args = ['read', '--config', tempFile('config.json', config), '--catalog', tempFile('catalog.json', catalog)];
  if (state !== undefined) {
    args.push('--state', tempFile('state.json', state));
  }
  return runConnector(args);
}

/** Returns every record's primary key value of one stream, as a string, in the order read. */
export function keysOf(result: RunResult, stream: string, keyField: string): string[] {
  return result.messages
    .filter((message) => message.type === 'RECORD' && message.record?.stream === stream)
    .map((message) => String(message.record!.data[keyField]));
}

export function catalogOf(result: RunResult): AirbyteStream[] {
  const catalogs = result.messages.filter((message: AirbyteMessage) => message.type === 'CATALOG');
  if (catalogs.length !== 1) {
    throw new Error(`discover emitted ${catalogs.length} CATALOG messages; expected 1`);
  }
  return catalogs[0].catalog!.streams;
}

/** Lists every node of a JSON Schema that is itself a schema, with its path, root first. */
export function schemaNodes(schema: unknown, at = '#'): Array<{ path: string; node: Record<string, unknown> }> {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return [];
  }
  const node = schema as Record<string, unknown>;
  const nodes = [{ path: at, node }];

  for (const keyword of ['properties', 'definitions', '$defs', 'patternProperties', 'dependentSchemas']) {
    const children = node[keyword];
    if (typeof children === 'object' && children !== null) {
      for (const [name, child] of Object.entries(children)) {
        nodes.push(...schemaNodes(child, `${at}/${keyword}/${name}`));
      }
    }
  }
  for (const keyword of ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains']) {
    nodes.push(...schemaNodes(node[keyword], `${at}/${keyword}`));
  }
  for (const keyword of ['oneOf', 'anyOf', 'allOf', 'prefixItems', 'items']) {
    const options = node[keyword];
    if (Array.isArray(options)) {
      options.forEach((option, index) => nodes.push(...schemaNodes(option, `${at}/${keyword}/${index}`)));
    }
  }
  return nodes;
}

/** Returns the JSON Schema types that a property allows, as a list. */
export function typesOf(property: Record<string, unknown> | undefined): string[] {
  return ([] as unknown[]).concat(property?.type ?? []).map(String);
}
