#!/usr/bin/env node
// Regenerates integration_tests/expected_records.jsonl from a real read of the sandbox's default
// account. It starts the sandbox on a free port with its clock frozen and points sample_config.json
// at it. It then runs the built connector's `read` with every stream of configured_catalog.json in
// full refresh, and writes each record once per primary key, in the order read.
//
// Usage: npm run build && node integration_tests/generate-expected-records.js [--streams a,b]
// Rerun it whenever the sandbox's data or a stream schema changes. It writes nothing when the
// read fails or a stream does not end COMPLETE.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const entrypoint = path.join(root, 'dist', 'source-clienttether', 'main.js');
const output = path.join(__dirname, 'expected_records.jsonl');

// The value of emitted_at does not matter to the comparison; a fixed one keeps the file stable.
const EMITTED_AT = Date.parse('2026-01-15T12:00:00Z');

function parseStreams(argv, catalog) {
  const all = catalog.streams.map((configured) => configured.stream.name);
  const flag = argv.indexOf('--streams');
  if (flag === -1) {
    return all;
  }

  const requested = (argv[flag + 1] ?? '').split(',').filter((name) => name !== '');
  const unknown = requested.filter((name) => !all.includes(name));
  if (requested.length === 0 || unknown.length > 0) {
    throw new Error(`Invalid --streams ${JSON.stringify(argv[flag + 1] ?? '')}: expected a comma-separated list of ${all.join(', ')}`);
  }
  return requested;
}

function writeTemp(directory, name, value) {
  const file = path.join(directory, name);
  fs.writeFileSync(file, JSON.stringify(value));
  return file;
}

/** Runs the connector and returns its exit code and parsed stdout lines. */
function runConnector(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entrypoint, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const messages = stdout
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line));
      resolve({ code, messages });
    });
  });
}

function primaryKeyOf(configured) {
  const [[field]] = configured.primary_key ?? configured.stream.source_defined_primary_key;
  return field;
}

async function main() {
  if (!fs.existsSync(entrypoint)) {
    throw new Error(`${entrypoint} does not exist. Run npm run build first.`);
  }
  const { startSandbox } = require(path.join(root, 'dist', 'sandbox', 'server.js'));

  const catalog = JSON.parse(fs.readFileSync(path.join(__dirname, 'configured_catalog.json'), 'utf8'));
  const streams = parseStreams(process.argv.slice(2), catalog);
  const selected = catalog.streams
    .filter((configured) => streams.includes(configured.stream.name))
    .map((configured) => ({ ...configured, sync_mode: 'full_refresh', destination_sync_mode: 'overwrite' }));

  const sampleConfig = JSON.parse(fs.readFileSync(path.join(__dirname, 'sample_config.json'), 'utf8'));
  const sandbox = await startSandbox({ freezeClock: true });
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'expected-records-'));

  let result;
  try {
    const config = { ...sampleConfig, access_token: sandbox.accessToken, web_key: sandbox.account().webKey, api_url: sandbox.url };
    result = await runConnector([
      'read',
      '--config',
      writeTemp(directory, 'config.json', config),
      '--catalog',
      writeTemp(directory, 'catalog.json', { streams: selected }),
    ]);
  } finally {
    await sandbox.close();
    fs.rmSync(directory, { recursive: true, force: true });
  }

  const completed = new Set(
    result.messages
      .filter((message) => message.trace?.stream_status?.status === 'COMPLETE')
      .map((message) => message.trace.stream_status.stream_descriptor.name),
  );
  const incomplete = streams.filter((name) => !completed.has(name));
  if (result.code !== 0 || incomplete.length > 0) {
    const errors = result.messages.filter((message) => message.trace?.type === 'ERROR').map((message) => message.trace.error.message);
    throw new Error(`The read exited with code ${result.code}; streams not COMPLETE: ${incomplete.join(', ') || 'none'}.\n${errors.join('\n')}`);
  }

  const keyField = new Map(selected.map((configured) => [configured.stream.name, primaryKeyOf(configured)]));
  const seen = new Set();
  const lines = [];
  for (const message of result.messages) {
    if (message.type !== 'RECORD') {
      continue;
    }
    const { stream, data } = message.record;
    const key = `${stream}\n${String(data[keyField.get(stream)])}`;
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    lines.push(JSON.stringify({ stream, data, emitted_at: EMITTED_AT }));
  }

  fs.writeFileSync(output, `${lines.join('\n')}\n`);
  console.log(`Wrote ${lines.length} records of ${streams.join(', ')} to ${path.relative(root, output)}.`);
}

main().catch((error) => {
  console.error(`Generating the expected records failed: ${error.message}`);
  process.exit(1);
});
