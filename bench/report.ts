/** Checks the figures against their targets and formats them as text tables. */

import type { MemoryRead, ReaderFigures, ReadFigures, StartupResult, ThroughputResult } from './scenarios';
import { describeReader } from './scenarios';

export const TARGETS = {
  /** Connector records/s divided by bare loop records/s, without latency. */
  throughputRatio: 0.8,
  /** The same ratio with 100 ms added to every request, where parallel pages should pay off. */
  latencyRatio: 4,
  /**
   * Peak RSS of the large read divided by that of the small one, and of the read behind a slow
   * consumer divided by that of the same read behind a fast one.
   */
  memoryGrowth: 1.2,
  peakRssMiB: 150,
  /** Wall time of `spec` divided by that of `node -e 0`. */
  startupRatio: 2,
};

export interface TargetCheck {
  figure: string;
  value: string;
  target: string;
  pass: boolean;
}

export interface Measurements {
  startup: StartupResult;
  throughput: ThroughputResult;
  latency: ThroughputResult;
  memory: { small: MemoryRead; large: MemoryRead; slowConsumer: MemoryRead };
}

/** Checks every figure against its target. The throughput targets apply to the connector at its default page_concurrency. */
export function checkTargets(measurements: Measurements, defaultPageConcurrency: number): TargetCheck[] {
  const { startup, throughput, latency, memory } = measurements;
  const checks: TargetCheck[] = [];

  for (const [result, target] of [
    [throughput, TARGETS.throughputRatio],
    [latency, TARGETS.latencyRatio],
  ] as const) {
    const read = connectorRead(result, defaultPageConcurrency);
    const conditions = result.latencyMs === 0 ? 'no latency' : `${result.latencyMs} ms latency`;
    checks.push(atLeast(`Throughput, ${describeReader(read.reader)} / bare loop, ${conditions}`, read.ratioToBare as number, target));
  }

  const large = memory.large.median.peakRssMiB;
  const largeName = describeMemoryRead(memory.large);
  checks.push(atMost(`Peak RSS, ${largeName} / ${describeMemoryRead(memory.small)}`, large / memory.small.median.peakRssMiB, TARGETS.memoryGrowth));
  checks.push(below(`Peak RSS, ${largeName} (MiB)`, large, TARGETS.peakRssMiB));

  // Backpressure keeps memory flat when a slow consumer costs no more memory than a fast one.
  const slow = memory.slowConsumer.median.peakRssMiB;
  const slowName = describeMemoryRead(memory.slowConsumer);
  const fast = connectorRead(throughput, memory.slowConsumer.pageConcurrency).median;
  if (throughput.clients !== memory.slowConsumer.clients) {
    throw new Error(`The slow-consumer read has ${memory.slowConsumer.clients} clients, the fast one ${throughput.clients}; they must match`);
  }
  checks.push(atMost(`Peak RSS, ${slowName} / fast consumer`, slow / fast.peakRssMiB, TARGETS.memoryGrowth));
  checks.push(below(`Peak RSS, ${slowName} (MiB)`, slow, TARGETS.peakRssMiB));

  checks.push(atMost('Start-up, spec / node -e 0', startup.ratio, TARGETS.startupRatio));
  return checks;
}

function connectorRead(result: ThroughputResult, pageConcurrency: number): ReaderFigures {
  const read = result.readers.find(({ reader }) => reader.kind === 'connector' && reader.pageConcurrency === pageConcurrency);
  if (read === undefined) {
    throw new Error(`No read of the connector at page_concurrency ${pageConcurrency} with ${result.latencyMs} ms latency was measured`);
  }
  return read;
}

function atLeast(figure: string, value: number, target: number): TargetCheck {
  return { figure, value: value.toFixed(2), target: `>= ${target}`, pass: value >= target };
}

function atMost(figure: string, value: number, target: number): TargetCheck {
  return { figure, value: value.toFixed(2), target: `<= ${target}`, pass: value <= target };
}

function below(figure: string, value: number, target: number): TargetCheck {
  return { figure, value: value.toFixed(1), target: `< ${target}`, pass: value < target };
}

export function describeMemoryRead(read: MemoryRead): string {
  const consumer = read.consumerBytesPerSecond === null ? '' : `, consumer at ${read.consumerBytesPerSecond / 1e6} MB/s`;
  return `${count(read.clients)} clients${consumer}`;
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** Formats rows as a text table with a header line, columns padded to their widest cell. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

function readRow(name: string, clients: number, latencyMs: number, figures: ReadFigures, runs: number, ratioToBare?: number): string[] {
  return [
    name,
    count(clients),
    String(latencyMs),
    count(Math.round(figures.recordsPerSecond)),
    ratioToBare === undefined ? '' : ratioToBare.toFixed(2),
    figures.wallSeconds.toFixed(2),
    figures.cpuSeconds.toFixed(2),
    ((1e6 * figures.cpuSeconds) / clients).toFixed(1),
    figures.peakRssMiB.toFixed(1),
    figures.sandboxCpuSeconds.toFixed(2),
    String(runs),
  ];
}

/** Formats every read as a table row, with the medians over its runs. */
export function formatReads(measurements: Measurements): string {
  const rows: string[][] = [];
  for (const result of [measurements.throughput, measurements.latency]) {
    for (const { reader, median, ratioToBare } of result.readers) {
      rows.push(readRow(describeReader(reader), result.clients, result.latencyMs, median, result.runs, ratioToBare));
    }
  }
  const { small, large, slowConsumer } = measurements.memory;
  for (const read of [small, large, slowConsumer]) {
    const consumer = read.consumerBytesPerSecond === null ? '' : `, consumer at ${read.consumerBytesPerSecond / 1e6} MB/s`;
    rows.push(readRow(`connector, page_concurrency ${read.pageConcurrency}${consumer}`, read.clients, 0, read.median, read.runs));
  }

  return formatTable(['Read', 'Clients', 'Latency ms', 'Records/s', 'x bare', 'Wall s', 'CPU s', 'CPU µs/record', 'Peak RSS MiB', 'Sandbox CPU s', 'Runs'], rows);
}

export function formatStartup(startup: StartupResult): string {
  return formatTable(
    ['Command', 'Median ms', 'Runs'],
    [
      ['node -e 0', startup.nodeMs.toFixed(1), String(startup.runs)],
      ['bin/source-clienttether spec', startup.specMs.toFixed(1), String(startup.runs)],
    ],
  );
}

export function formatTargets(checks: TargetCheck[]): string {
  return formatTable(
    ['Figure', 'Value', 'Target', 'Result'],
    checks.map((check) => [check.figure, check.value, check.target, check.pass ? 'pass' : 'FAIL']),
  );
}
