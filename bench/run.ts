/**
 * `npm run bench`: measures the connector against the local sandbox and prints the figures with
 * their targets. The full run takes about 5 minutes on 2 cores and writes
 * bench/results/latest.json. `--quick` takes under a minute with smaller reads and writes
 * bench/results/quick.json. The exit code is 0 even when a target fails, because the figures
 * depend on the machine. It is 1 when a read fails or a tool is missing.
 */

import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { describeBuild, fingerprintDist, type BuildRecord } from './build';
import { describeMachine } from './machine';
import { GNU_TIME, killLiveChildren, WorkDirectory } from './processes';
import { checkTargets, formatReads, formatStartup, formatTargets, type Measurements } from './report';
import { measureMemory, measureStartup, measureThroughput } from './scenarios';

const RESULTS_DIRECTORY = path.join(__dirname, '..', '..', 'bench', 'results');

/** Sizes and repetitions of one benchmark run. */
interface Plan {
  name: 'full' | 'quick';
  output: string;
  startupRuns: number;
  throughputClients: number;
  throughputRuns: number;
  latencyClients: number;
  latencyMs: number;
  latencyRuns: number;
  /** page_concurrency values read with latency; the connector's default joins them when missing. */
  pageConcurrencies: number[];
  smallClients: number;
  smallRuns: number;
  largeClients: number;
  largeRuns: number;
  /** 4 MB/s, so 100,000 records of about 570 bytes take about 15 s to drain. */
  slowConsumerBytesPerSecond: number;
}

const FULL: Plan = {
  name: 'full',
  output: path.join(RESULTS_DIRECTORY, 'latest.json'),
  startupRuns: 15,
  throughputClients: 100_000,
  throughputRuns: 5,
  latencyClients: 20_000,
  latencyMs: 100,
  latencyRuns: 3,
  pageConcurrencies: [4, 8, 16],
  smallClients: 10_000,
  smallRuns: 5,
  largeClients: 1_000_000,
  largeRuns: 3,
  slowConsumerBytesPerSecond: 4_000_000,
};

const QUICK: Plan = {
  name: 'quick',
  output: path.join(RESULTS_DIRECTORY, 'quick.json'),
  startupRuns: 5,
  throughputClients: 20_000,
  throughputRuns: 1,
  latencyClients: 5_000,
  latencyMs: 100,
  latencyRuns: 1,
  pageConcurrencies: [4, 8, 16],
  smallClients: 10_000,
  smallRuns: 1,
  largeClients: 100_000,
  largeRuns: 1,
  slowConsumerBytesPerSecond: 4_000_000,
};

const USAGE = `Usage: npm run bench [-- --quick]

Measures the connector against the local sandbox: start-up time, full-refresh throughput beside
a bare loop, with and without 100 ms latency, and peak RSS for small and large reads.

  --quick   smaller reads and one run each (under a minute); writes bench/results/quick.json
            instead of bench/results/latest.json
  --help    print this text`;

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function requireGnuTime(): void {
  try {
    accessSync(GNU_TIME, constants.X_OK);
  } catch {
    throw new Error(`${GNU_TIME} was not found. The benchmark needs GNU time for peak RSS and CPU time: install the "time" package (apt-get install time).`);
  }
}

async function measure(plan: Plan, pageConcurrency: number, work: WorkDirectory): Promise<Measurements> {
  log(`Start-up: node -e 0 and spec, ${plan.startupRuns} runs each`);
  const startup = await measureStartup(plan.startupRuns);

  log(`Throughput: ${plan.throughputClients} clients, no latency, ${plan.throughputRuns} runs`);
  const throughput = await measureThroughput(plan.throughputClients, 0, [pageConcurrency], plan.throughputRuns, work, log);

  log(`Throughput: ${plan.latencyClients} clients, ${plan.latencyMs} ms latency, ${plan.latencyRuns} runs`);
  const pageConcurrencies = [...new Set([...plan.pageConcurrencies, pageConcurrency])].sort((a, b) => a - b);
  const latency = await measureThroughput(plan.latencyClients, plan.latencyMs, pageConcurrencies, plan.latencyRuns, work, log);

  log(`Peak RSS: ${plan.smallClients} clients, ${plan.smallRuns} runs`);
  const small = await measureMemory(plan.smallClients, pageConcurrency, plan.smallRuns, null, work, log);
  log(`Peak RSS: ${plan.largeClients} clients, ${plan.largeRuns} runs`);
  const large = await measureMemory(plan.largeClients, pageConcurrency, plan.largeRuns, null, work, log);
  log(`Peak RSS: ${plan.throughputClients} clients behind a consumer reading ${plan.slowConsumerBytesPerSecond / 1e6} MB/s`);
  const slowConsumer = await measureMemory(plan.throughputClients, pageConcurrency, 1, plan.slowConsumerBytesPerSecond, work, log);

  return { startup, throughput, latency, memory: { small, large, slowConsumer } };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
  if (values.help) {
    console.log(USAGE);
    return;
  }

  requireGnuTime();
  const plan = values.quick ? QUICK : FULL;
  const machine = describeMachine();
  const distBefore = fingerprintDist();
  const build: BuildRecord = { ...describeBuild(), distChangedDuringRun: false };
  const startedAt = Date.now();
  const work = new WorkDirectory();

  let measurements: Measurements;
  try {
    measurements = await measure(plan, build.defaultPageConcurrency, work);
  } finally {
    work.remove();
  }
  build.distChangedDuringRun = fingerprintDist() !== distBefore;

  const targets = checkTargets(measurements, build.defaultPageConcurrency);
  const durationSeconds = Math.round((Date.now() - startedAt) / 1000);

  console.log(`\nMachine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node.js ${machine.node}, ${machine.date}`);
  console.log(`Build: commit ${build.commit}, ${build.uncommittedChanges.length} uncommitted changes under source-clienttether/ and sandbox/`);
  if (build.distChangedDuringRun) {
    console.log('WARNING: dist/ was rebuilt during the run, so the figures mix two builds. Run the benchmark again.');
  }
  console.log(`Plan: ${plan.name}, ${durationSeconds} s. Figures are medians over the runs.\n`);
  console.log(formatStartup(measurements.startup));
  console.log('');
  console.log(formatReads(measurements));
  console.log('');
  console.log(formatTargets(targets));

  mkdirSync(path.dirname(plan.output), { recursive: true });
  const { output, ...planFigures } = plan;
  writeFileSync(output, `${JSON.stringify({ plan: planFigures, machine, build, durationSeconds, ...measurements, targets }, null, 2)}\n`);
  console.log(`\nWrote ${path.relative(process.cwd(), plan.output)}; ${targets.filter((check) => !check.pass).length} of ${targets.length} targets failed.`);
}

process.once('SIGINT', () => {
  killLiveChildren();
  process.exit(130);
});

main().catch((error: unknown) => {
  killLiveChildren();
  console.error(`Benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
