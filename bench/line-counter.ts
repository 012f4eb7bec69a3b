/**
 * The stdout consumer of a benchmarked read: counts the lines on stdin, and among them the Airbyte
 * RECORD lines, then prints `{"lines":N,"records":N,"bytes":N}` once stdin ends.
 *
 * With --bytes-per-second RATE it reads no faster than about RATE, pausing stdin after each chunk,
 * so the pipe fills and the writer has to wait, as behind a slow destination.
 *
 * Usage: node dist/bench/line-counter.js [--bytes-per-second RATE]
 */

import { parseArgs } from 'node:util';

const NEWLINE = 0x0a;
/** JSON.stringify writes `type` first in both the connector's and the bare loop's messages. */
const RECORD_PREFIX = Buffer.from('{"type":"RECORD"');

let lines = 0;
let records = 0;
let bytes = 0;
/** Bytes of the current line compared with RECORD_PREFIX so far, across chunk boundaries. */
let prefixBytesSeen = 0;
let prefixMatches = true;

function count(chunk: Buffer): void {
  bytes += chunk.length;
  let position = 0;

  while (position < chunk.length) {
    while (prefixBytesSeen < RECORD_PREFIX.length && position < chunk.length && chunk[position] !== NEWLINE) {
      prefixMatches &&= chunk[position] === RECORD_PREFIX[prefixBytesSeen];
      prefixBytesSeen++;
      position++;
    }

    const newline = chunk.indexOf(NEWLINE, position);
    if (newline === -1) {
      // The line goes on in the next chunk.
      return;
    }

    lines++;
    if (prefixMatches && prefixBytesSeen === RECORD_PREFIX.length) {
      records++;
    }
    prefixBytesSeen = 0;
    prefixMatches = true;
    position = newline + 1;
  }
}

function main(): void {
  const { values } = parseArgs({ options: { 'bytes-per-second': { type: 'string' } } });
  const rate = values['bytes-per-second'] === undefined ? null : Number(values['bytes-per-second']);
  if (rate !== null && !(rate > 0)) {
    throw new Error(`Invalid --bytes-per-second ${JSON.stringify(values['bytes-per-second'])}: expected a number above 0`);
  }

  process.stdin.on('data', (chunk: Buffer) => {
    count(chunk);
    if (rate !== null) {
      process.stdin.pause();
      setTimeout(() => process.stdin.resume(), (1000 * chunk.length) / rate);
    }
  });
  process.stdin.on('end', () => {
    process.stdout.write(`${JSON.stringify({ lines, records, bytes })}\n`);
  });
}

main();
