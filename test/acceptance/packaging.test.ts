/**
 * Checks of the Docker image that need no Docker engine: the Dockerfile and metadata.yaml agree
 * the way CAT's image checks require, and the final stage's files with production dependencies
 * alone run the connector.
 */
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import spec from '../../source-clienttether/spec.json';
import type { Sandbox } from '../../sandbox/server';
import { tempFile } from '../helpers/connector';
import { sandboxConfig, withSandbox } from '../helpers/sandbox';
import { readCatalog, readJson, readYamlFile, ROOT, suiteTests, type YamlMap } from './helpers';

const run = promisify(execFile);

/** Time for `npm ci` to install the production dependencies, from the npm cache or the registry. */
const INSTALL_TIMEOUT_MS = 180_000;

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

interface Stage {
  image: string;
  name: string | null;
  instructions: Instruction[];
}

/** Splits a Dockerfile into stages of instructions, joining `\` continuation lines and dropping comments. */
function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  let pending = '';
  let startLine = 0;

  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) {
      return;
    }
    if (pending === '') {
      startLine = index + 1;
    }
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      return;
    }

    const full = pending + line;
    pending = '';
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(full) as RegExpExecArray;
    const instruction = { keyword: keyword.toUpperCase(), args, line: startLine };

    if (instruction.keyword === 'FROM') {
      const [image, as, name] = args.split(/\s+/);
      stages.push({ image, name: as?.toUpperCase() === 'AS' ? name : null, instructions: [] });
    } else if (stages.length === 0) {
      throw new Error(`Dockerfile line ${startLine}: ${keyword} comes before the first FROM`);
    } else {
      stages[stages.length - 1].instructions.push(instruction);
    }
  });
  return stages;
}

/** Reads `key=value` pairs (values optionally double-quoted), as LABEL and ENV write them. */
function parsePairs(args: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const match of args.matchAll(/([\w.-]+)=("(?:[^"\\]|\\.)*"|\S+)/g)) {
    pairs[match[1]] = match[2].startsWith('"') ? (JSON.parse(match[2]) as string) : match[2];
  }
  return pairs;
}

const all = (stage: Stage, keyword: string) => stage.instructions.filter((instruction) => instruction.keyword === keyword);
const last = (stage: Stage, keyword: string) => all(stage, keyword).at(-1);
const pairsOf = (stage: Stage, keyword: string) => Object.assign({}, ...all(stage, keyword).map((instruction) => parsePairs(instruction.args)));

interface Copy {
  from: string | null;
  sources: string[];
  destination: string;
}

function parseCopy(args: string): Copy {
  const words = args.split(/\s+/);
  const from = words.find((word) => word.startsWith('--from='))?.slice('--from='.length) ?? null;
  const paths = words.filter((word) => !word.startsWith('--'));
  return { from, sources: paths.slice(0, -1), destination: paths[paths.length - 1] };
}

describe('acceptance: packaging', () => {
  const stages = parseDockerfile(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
  const final = stages[stages.length - 1];
  const builder = stages.find((stage) => stage.name !== null && stage !== final);
  const metadata = readYamlFile('metadata.yaml');
  const data = metadata.data as YamlMap;
  const entrypoint = JSON.parse(last(final, 'ENTRYPOINT')?.args ?? 'null') as string[] | null;
  const workdir = last(final, 'WORKDIR')?.args ?? '/';

  describe('Dockerfile', () => {
    test('images are pinned Node 20', () => {
      const images = stages.map((stage) => stage.image).filter((image) => !stages.some((stage) => stage.name === image));

      expect(images.length).toBeGreaterThan(0);
      for (const image of images) {
        expect(image).toMatch(/^node:20\.\d+\.\d+-[a-z0-9-]+$/);
      }
    });

    test('builder installs dev deps and builds', () => {
      const commands = all(builder!, 'RUN').map((instruction) => instruction.args);

      expect(commands.some((command) => /\bnpm ci\b/.test(command) && !/--omit=dev/.test(command))).toBe(true);
      expect(commands.some((command) => /\bnpm run build\b/.test(command))).toBe(true);
    });

    test('final stage installs production deps only', () => {
      const commands = all(final, 'RUN').map((instruction) => instruction.args);

      expect(commands.some((command) => /\bnpm ci\b.*--omit=dev/.test(command))).toBe(true);
      expect(commands.some((command) => /\bnpm run build\b/.test(command))).toBe(false);
    });

    test('final stage runs as non-root', () => {
      const user = last(final, 'USER')?.args.split(':')[0];

      expect(user).toBeDefined();
      expect(['root', '0']).not.toContain(user);
    });

    test('labels match metadata.yaml', () => {
      const labels = pairsOf(final, 'LABEL');

      expect(labels['io.airbyte.name']).toBe(data.dockerRepository);
      expect(labels['io.airbyte.version']).toBe(data.dockerImageTag);
    });

    test('AIRBYTE_ENTRYPOINT equals ENTRYPOINT', () => {
      expect(Array.isArray(entrypoint)).toBe(true);
      expect(pairsOf(final, 'ENV').AIRBYTE_ENTRYPOINT).toBe(entrypoint!.join(' '));
    });

    test('entrypoint launcher is in the image', () => {
      expect(entrypoint).toHaveLength(1);
      const [launcher] = entrypoint!;
      expect(launcher.startsWith(`${workdir}/`)).toBe(true);

      const relativeLauncher = path.posix.relative(workdir, launcher);
      const copiedFromContext = all(final, 'COPY')
        .map((instruction) => parseCopy(instruction.args))
        .filter((copy) => copy.from === null)
        .some((copy) => relativeLauncher.startsWith(`${path.posix.normalize(copy.destination)}/`));
      expect(copiedFromContext).toBe(true);

      const localLauncher = path.join(ROOT, relativeLauncher);
      expect(existsSync(localLauncher)).toBe(true);
      expect(statSync(localLauncher).mode & 0o111).not.toBe(0);
    });

    test('launcher starts the built main.js', () => {
      const launcherText = readFileSync(path.join(ROOT, path.posix.relative(workdir, entrypoint![0])), 'utf8');
      const target = /"\$here\/\.\.\/([^"]+\.js)"/.exec(launcherText)?.[1];

      expect(target).toBe('dist/source-clienttether/main.js');
      expect(existsSync(path.join(ROOT, target!))).toBe(true);
      const copiedFromBuilder = all(final, 'COPY')
        .map((instruction) => parseCopy(instruction.args))
        .filter((copy) => copy.from === builder!.name)
        .some((copy) => target!.startsWith(`${path.posix.normalize(copy.destination)}/`));
      expect(copiedFromBuilder).toBe(true);
    });
  });

  describe('metadata.yaml', () => {
    const required = [
      'name', 'definitionId', 'connectorType', 'dockerRepository', 'dockerImageTag', 'license', 'documentationUrl',
      'githubIssueLabel', 'connectorSubtype', 'releaseStage',
    ];

    test('spec version is 1.0', () => {
      expect(metadata.metadataSpecVersion).toBe('1.0');
    });

    test.each(required)('%s is set', (field) => {
      expect(typeof data[field]).toBe('string');
      expect(String(data[field]).length).toBeGreaterThan(0);
    });

    test('values are valid', () => {
      expect(data.definitionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(data.connectorType).toBe('source');
      expect(['api', 'database', 'datalake', 'file', 'custom', 'message_queue', 'unknown', 'vectorstore']).toContain(data.connectorSubtype);
      expect(['alpha', 'beta', 'generally_available', 'custom']).toContain(data.releaseStage);
      expect(['community', 'certified', 'archived']).toContain(data.supportLevel);
      expect(data.releaseDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Number.isInteger(data.maxSecondsBetweenMessages)).toBe(true);
      expect(data.tags).toEqual(expect.arrayContaining(['language:typescript']));
    });

    test('image tag is the package version', () => {
      const packageJson = readJson<{ version: string }>(path.join(ROOT, 'package.json'));

      expect(data.dockerImageTag).toBe(packageJson.version);
    });

    test('documentationUrl matches the spec', () => {
      expect(data.documentationUrl).toBe(spec.documentationUrl);
    });

    test('allowedHosts cover the API URL', () => {
      const hosts = (data.allowedHosts as YamlMap).hosts as string[];

      expect(hosts).toContain('${api_url}');
      expect(hosts).toContain(new URL(spec.connectionSpecification.properties.api_url.default).host);
    });

    test('suggested streams exist', () => {
      const suggested = (data.suggestedStreams as YamlMap).streams as string[];
      const [basicRead] = suiteTests('basic_read');
      const names = readCatalog(basicRead.configured_catalog_path).streams.map((configured) => configured.stream.name);

      expect(suggested.length).toBeGreaterThan(0);
      expect(names).toEqual(expect.arrayContaining(suggested));
    });
  });

  describe('production install', () => {
    let directory: string;
    let environment: NodeJS.ProcessEnv;
    let script: string;
    let sandbox: Sandbox;

    /** Runs the entrypoint from the install folder, as the image's ENTRYPOINT would. */
    const runInstalled = (args: string[]) =>
      new Promise<{ code: number | null; lines: Array<Record<string, unknown>> }>((resolve, reject) => {
        const child = spawn(script, args, { cwd: directory, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
        child.on('error', reject);
        child.on('close', (code) => {
          const lines = stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
          resolve({ code, lines });
        });
      });

    beforeAll(async () => {
      directory = mkdtempSync(path.join(tmpdir(), 'source-clienttether-image-'));
      const builderWorkdir = last(builder!, 'WORKDIR')!.args;

      // The final stage's COPY instructions, in order: context files from the repository, builder
      // outputs from the local build.
      for (const instruction of all(final, 'COPY')) {
        const copy = parseCopy(instruction.args);
        const destination = path.join(directory, copy.destination);
        for (const source of copy.sources) {
          const local = copy.from === null ? path.join(ROOT, source) : path.join(ROOT, path.posix.relative(builderWorkdir, source));
          const target = copy.destination.endsWith('/') ? path.join(destination, path.basename(source)) : destination;
          cpSync(local, target, { recursive: true });
        }
      }

      // npm_* variables come from the `npm test` that started jest and would steer this install.
      environment = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_') && name !== 'NODE_PATH'));
      Object.assign(environment, pairsOf(final, 'ENV'));
      await run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
        cwd: directory,
        env: environment,
        timeout: INSTALL_TIMEOUT_MS,
      });

      script = path.join(directory, path.posix.relative(workdir, entrypoint![0]));
      sandbox = await withSandbox();
    }, INSTALL_TIMEOUT_MS + 10_000);

    afterAll(async () => {
      await sandbox?.close();
      if (directory) {
        rmSync(directory, { recursive: true, force: true });
      }
    });

    test('install has no dev dependencies', () => {
      expect(existsSync(path.join(directory, 'node_modules', 'ajv'))).toBe(true);
      expect(existsSync(path.join(directory, 'node_modules', 'typescript'))).toBe(false);
      expect(existsSync(path.join(directory, 'node_modules', 'jest'))).toBe(false);
    });

    test('spec runs from the install', async () => {
      const result = await runInstalled(['spec']);

      expect(result.code).toBe(0);
      expect(result.lines).toEqual([{ type: 'SPEC', spec }]);
    });

    test('check runs from the install', async () => {
      const result = await runInstalled(['check', '--config', tempFile('config.json', sandboxConfig(sandbox))]);

      expect(result.code).toBe(0);
      expect(result.lines.filter((line) => line.type === 'CONNECTION_STATUS')).toEqual([
        { type: 'CONNECTION_STATUS', connectionStatus: { status: 'SUCCEEDED' } },
      ]);
    });
  });
});
