/** The measurements of the benchmark. Each read measurement starts its own sandbox process and stops it at the end. */

import {
  BARE_READ,
  CONNECTOR_LAUNCHER,
  runPipeline,
  SANDBOX_TIME_ZONE,
  startSandboxProcess,
  timeRun,
  WorkDirectory,
  type PipelineResult,
  type SandboxProcess,
} from './processes';
import { median } from './stats';

export interface ReadFigures {
  recordsPerSecond: number;
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMiB: number;
  /** CPU time the sandbox used to serve this read, which shares the machine's cores with the reader. */
  sandboxCpuSeconds: number;
}

/** A reader of the `clients` stream: the bare loop, or the connector with a page_concurrency. */
export type Reader = { kind: 'bare' } | { kind: 'connector'; pageConcurrency: number };

export interface ReaderFigures {
  reader: Reader;
  /** Medians over the runs, each figure taken on its own. */
  median: ReadFigures;
  samples: ReadFigures[];
  /** Median over the runs of connector records/s divided by bare loop records/s of the same run. */
  ratioToBare?: number;
}

export interface ThroughputResult {
  clients: number;
  latencyMs: number;
  runs: number;
  readers: ReaderFigures[];
}

export interface MemoryRead {
  clients: number;
  pageConcurrency: number;
  /** Null when the consumer reads as fast as it can. */
  consumerBytesPerSecond: number | null;
  runs: number;
  median: ReadFigures;
  samples: ReadFigures[];
}

export interface StartupResult {
  runs: number;
  nodeMs: number;
  specMs: number;
  /** Median of spec time divided by `node -e 0` time, over pairs of runs taken one after the other. */
  ratio: number;
}

/**
 * Time allowed for one read before it is killed: a minute, plus 0.3 ms per record (a tenth of the
 * rate measured on 2 cores), plus 1.5 times the latency for each page.
 */
function readTimeoutMs(clients: number, latencyMs: number): number {
  return 60_000 + clients * 0.3 + Math.ceil(clients / 100) * latencyMs * 1.5;
}

function readerArguments(reader: Reader, sandbox: SandboxProcess, work: WorkDirectory): string[] {
  const port = new URL(sandbox.url).port;
  if (reader.kind === 'bare') {
    return [process.execPath, BARE_READ, '--url', sandbox.url, '--access-token', sandbox.accessToken, '--web-key', sandbox.webKey];
  }

  const config = work.writeJson(`config-${port}-${reader.pageConcurrency}.json`, {
    access_token: sandbox.accessToken,
    web_key: sandbox.webKey,
    api_url: sandbox.url,
    time_zone: SANDBOX_TIME_ZONE,
    page_concurrency: reader.pageConcurrency,
  });
  const catalog = work.writeJson('catalog.json', {
    streams: [
      {
        stream: { name: 'clients', json_schema: {}, supported_sync_modes: ['full_refresh', 'incremental'] },
        sync_mode: 'full_refresh',
        destination_sync_mode: 'overwrite',
      },
    ],
  });
  return [CONNECTOR_LAUNCHER, 'read', '--config', config, '--catalog', catalog];
}

export function describeReader(reader: Reader): string {
  return reader.kind === 'bare' ? 'bare loop' : `connector, page_concurrency ${reader.pageConcurrency}`;
}

async function measureRead(
  reader: Reader,
  sandbox: SandboxProcess,
  clients: number,
  latencyMs: number,
  work: WorkDirectory,
  log: (line: string) => void,
  consumerBytesPerSecond?: number,
): Promise<ReadFigures> {
  const sandboxCpuBefore = sandbox.cpuSeconds();
  const result: PipelineResult = await runPipeline(
    readerArguments(reader, sandbox, work),
    { consumerBytesPerSecond, timeoutMs: readTimeoutMs(clients, latencyMs) },
    work,
  );
  if (result.stderr.trim() !== '') {
    log(`  note: the ${describeReader(reader)} wrote to stderr: ${result.stderr.trim().split('\n')[0]}`);
  }
  if (result.records !== clients) {
    throw new Error(`The ${describeReader(reader)} emitted ${result.records} records of ${clients} clients; the read is incomplete.`);
  }

  return {
    recordsPerSecond: result.records / result.wallSeconds,
    wallSeconds: result.wallSeconds,
    cpuSeconds: result.cpuSeconds,
    peakRssMiB: result.peakRssMiB,
    sandboxCpuSeconds: sandbox.cpuSeconds() - sandboxCpuBefore,
  };
}

function medianFigures(samples: ReadFigures[]): ReadFigures {
  return {
    recordsPerSecond: median(samples.map((sample) => sample.recordsPerSecond)),
    wallSeconds: median(samples.map((sample) => sample.wallSeconds)),
    cpuSeconds: median(samples.map((sample) => sample.cpuSeconds)),
    peakRssMiB: median(samples.map((sample) => sample.peakRssMiB)),
    sandboxCpuSeconds: median(samples.map((sample) => sample.sandboxCpuSeconds)),
  };
}

/**
 * Reads the `clients` stream with the bare loop and with the connector at each page_concurrency,
 * `runs` times against one sandbox. The order flips every run, so that neither reader always
 * gets the quieter moment. Without latency, one untimed bare read first warms up the sandbox.
 */
export async function measureThroughput(
  clients: number,
  latencyMs: number,
  pageConcurrencies: number[],
  runs: number,
  work: WorkDirectory,
  log: (line: string) => void,
): Promise<ThroughputResult> {
  const readers: Reader[] = [{ kind: 'bare' }, ...pageConcurrencies.map((pageConcurrency) => ({ kind: 'connector' as const, pageConcurrency }))];
  const samples = readers.map(() => [] as ReadFigures[]);
  const sandbox = await startSandboxProcess(clients, latencyMs);

  try {
    if (latencyMs === 0) {
      await measureRead({ kind: 'bare' }, sandbox, clients, latencyMs, work, log);
    }
    for (let run = 0; run < runs; run++) {
      const order = readers.map((_, index) => index);
      if (run % 2 === 1) {
        order.reverse();
      }
      for (const index of order) {
        const figures = await measureRead(readers[index], sandbox, clients, latencyMs, work, log);
        samples[index].push(figures);
        log(`  run ${run + 1}/${runs}, ${describeReader(readers[index])}: ${Math.round(figures.recordsPerSecond)} records/s`);
      }
    }
  } finally {
    await sandbox.stop();
  }

  const bareSamples = samples[0];
  return {
    clients,
    latencyMs,
    runs,
    readers: readers.map((reader, index) => ({
      reader,
      median: medianFigures(samples[index]),
      samples: samples[index],
      ratioToBare:
        reader.kind === 'bare'
          ? undefined
          : median(samples[index].map((sample, run) => sample.recordsPerSecond / bareSamples[run].recordsPerSecond)),
    })),
  };
}

/** Reads the `clients` stream with the connector `runs` times and records its peak RSS. */
export async function measureMemory(
  clients: number,
  pageConcurrency: number,
  runs: number,
  consumerBytesPerSecond: number | null,
  work: WorkDirectory,
  log: (line: string) => void,
): Promise<MemoryRead> {
  const sandbox = await startSandboxProcess(clients, 0);
  const samples: ReadFigures[] = [];

  try {
    for (let run = 0; run < runs; run++) {
      const figures = await measureRead(
        { kind: 'connector', pageConcurrency },
        sandbox,
        clients,
        0,
        work,
        log,
        consumerBytesPerSecond ?? undefined,
      );
      samples.push(figures);
      log(`  run ${run + 1}/${runs}: peak RSS ${figures.peakRssMiB.toFixed(1)} MiB, ${Math.round(figures.recordsPerSecond)} records/s`);
    }
  } finally {
    await sandbox.stop();
  }

  return { clients, pageConcurrency, consumerBytesPerSecond, runs, median: medianFigures(samples), samples };
}

/** Times `node -e 0` and the connector's `spec` alternately, after two untimed runs of each warm the file cache. */
export async function measureStartup(runs: number): Promise<StartupResult> {
  const nodeArguments = [process.execPath, '-e', '0'];
  const specArguments = [CONNECTOR_LAUNCHER, 'spec'];
  const timeoutMs = 30_000;

  for (let warmUp = 0; warmUp < 2; warmUp++) {
    await timeRun(nodeArguments, timeoutMs);
    await timeRun(specArguments, timeoutMs);
  }

  const nodeMs: number[] = [];
  const specMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    nodeMs.push(await timeRun(nodeArguments, timeoutMs));
    specMs.push(await timeRun(specArguments, timeoutMs));
  }

  return {
    runs,
    nodeMs: median(nodeMs),
    specMs: median(specMs),
    ratio: median(specMs.map((ms, run) => ms / nodeMs[run])),
  };
}
