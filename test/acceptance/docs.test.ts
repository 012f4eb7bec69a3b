/** The user's documentation page agrees with what the connector and its metadata declare. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import spec from '../../source-clienttether/spec.json';
import type { AirbyteStream } from '../../source-clienttether/generated/protocol';
import { runConnector, tempFile } from '../helpers/connector';
import { catalogOf, readYamlFile, ROOT, type YamlMap } from './helpers';

const SECTIONS = [
  'Prerequisites',
  'Setup guide',
  'Supported sync modes',
  'Supported streams',
  'Performance considerations',
  'Limitations',
  'Troubleshooting',
  'Changelog',
];

/** Returns the cells of every Markdown table row whose first cell matches `first`. */
function tableRows(markdown: string, first: RegExp): string[][] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()))
    .filter((cells) => first.test(cells[0]));
}

/** Returns the cells of the body rows of the Markdown table whose header starts with `firstHeader`. */
function tableUnder(markdown: string, firstHeader: string): string[][] {
  const lines = markdown.split('\n');
  const header = lines.findIndex((line) => line.startsWith(`| ${firstHeader} |`));
  if (header === -1) {
    return [];
  }

  const end = lines.findIndex((line, index) => index > header && !line.startsWith('|'));
  return lines
    .slice(header + 2, end === -1 ? undefined : end)
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
}

const code = (name: string) => `\`${name}\``;

describe('acceptance: documentation', () => {
  const page = readFileSync(path.join(ROOT, 'docs', 'clienttether.md'), 'utf8');
  let streams: AirbyteStream[];

  beforeAll(async () => {
    const config = tempFile('config.json', { access_token: 'placeholder-token', web_key: 'placeholder-key' });
    streams = catalogOf(await runConnector(['discover', '--config', config]));
  });

  test.each(SECTIONS)('page has a %s section', (section) => {
    expect(page).toMatch(new RegExp(`^##+ ${section}$`, 'm'));
  });

  test('stream table matches discovery', () => {
    const rows = tableRows(page, /^`\w+`$/).map(([name, operation, key, cursor, modes]) => ({ name, operation, key, cursor, modes }));

    const documented = streams.map((stream) => rows.find((row) => row.name === code(stream.name)));

    expect(rows).toHaveLength(streams.length);
    streams.forEach((stream, index) => {
      const row = documented[index];
      expect(row?.name).toBe(code(stream.name));
      expect(row?.key).toBe(code(stream.source_defined_primary_key![0][0]));
      expect(row?.cursor).toBe(stream.default_cursor_field ? code(stream.default_cursor_field[0]) : '');
      expect(row?.modes).toBe(stream.supported_sync_modes.includes('incremental') ? 'Full refresh, Incremental' : 'Full refresh');
    });
  });

  test('settings table matches the spec', () => {
    const documented = tableUnder(page, 'Setting').map(([title]) => title);
    const titles = Object.values(spec.connectionSpecification.properties).map((property) => property.title);

    expect(documented.sort()).toEqual(titles.sort());
  });

  test('settings defaults match the spec', () => {
    const defaults = new Map(tableUnder(page, 'Setting').map(([title, value]) => [title, value.replace(/`/g, '')]));

    const different = Object.values(spec.connectionSpecification.properties as Record<string, { title: string; default?: unknown }>)
      .filter((property) => property.default !== undefined && defaults.get(property.title) !== String(property.default))
      .map((property) => `${property.title}: documented ${defaults.get(property.title)}, spec ${String(property.default)}`);

    expect(different).toEqual([]);
  });

  test('changelog has the image version', () => {
    const data = readYamlFile('metadata.yaml').data as YamlMap;

    const versions = tableRows(page, /^\d+\.\d+\.\d+$/).map(([version]) => version);

    expect(versions).toContain(data.dockerImageTag);
  });
});
