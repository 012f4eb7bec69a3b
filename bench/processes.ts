/** Child processes of the benchmark: the sandbox server, measured pipelines and start-up timing. */

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The compiled output directory, `dist/`, since this file runs as `dist/bench/processes.js`. */
const DIST = path.join(__dirname, '..');

/** The launcher that the image's ENTRYPOINT runs, so the figures are those of the connector as shipped. */
export const CONNECTOR_LAUNCHER = path.join(DIST, '..', 'bin', 'source-clienttether');
export const SANDBOX_CLI = path.join(DIST, 'sandbox', 'cli.js');
export const BARE_READ = path.join(__dirname, 'bare-read.js');
const LINE_COUNTER = path.join(__dirname, 'line-counter.js');

/** Time zone of the sandbox account, which the connector's config must name too. */
export const SANDBOX_TIME_ZONE = 'America/New_York';

/** GNU time, which reports the peak RSS and the CPU time of the command it runs. */
export const GNU_TIME = '/usr/bin/time';

const SANDBOX_START_TIMEOUT_MS = 15_000;
const SANDBOX_STOP_TIMEOUT_MS = 5_000;

/**
 * Children still running, so that an interrupted or failed benchmark leaves none behind. The value
 * is true for a pipeline, which leads its own process group (`detached`), so that one signal to the
 * group ends the shell and both commands in it.
 */
const liveChildren = new Map<ChildProcess, boolean>();

/** Kills every child this module started that is still running. */
export function killLiveChildren(): void {
  for (const child of liveChildren.keys()) {
    kill(child);
  }
  liveChildren.clear();
}

function track(child: ChildProcess, leadsGroup: boolean): void {
  liveChildren.set(child, leadsGroup);
  child.once('exit', () => liveChildren.delete(child));
}

function kill(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  if (liveChildren.get(child) === true) {
    process.kill(-child.pid, 'SIGKILL');
  } else {
    child.kill('SIGKILL');
  }
}

export interface SandboxProcess {
  url: string;
  accessToken: string;
  webKey: string;
  /** User plus system CPU time the sandbox process has used so far. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** Starts `dist/sandbox/cli.js` in its own process with a frozen clock and reads its base URL and credentials. */
export function startSandboxProcess(clients: number, latencyMs: number): Promise<SandboxProcess> {
  const args = [
    SANDBOX_CLI,
    ['--port', '0'],
    ['--clients', String(clients)],
    ['--latency', String(latencyMs)],
    ['--time-zone', SANDBOX_TIME_ZONE],
    '--freeze-clock',
  ].flat();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  track(child, false);

  return new Promise((resolve, reject) => {
    const found: Record<string, string> = {};
    let output = '';

    const fail = (reason: string) => {
      clearTimeout(timer);
      kill(child);
      reject(new Error(`The sandbox (${clients} clients, ${latencyMs} ms latency) failed to start: ${reason}. Output: ${output.slice(0, 500)}`));
    };
    const timer = setTimeout(() => fail(`no base URL within ${SANDBOX_START_TIMEOUT_MS} ms`), SANDBOX_START_TIMEOUT_MS);

    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      for (const match of output.matchAll(/^(Base URL|Access token|Web key): (\S+)$/gm)) {
        found[match[1]] = match[2];
      }
      if (found['Base URL'] && found['Access token'] && found['Web key']) {
        clearTimeout(timer);
        resolve({
          url: found['Base URL'],
          accessToken: found['Access token'],
          webKey: found['Web key'],
          cpuSeconds: () => processCpuSeconds(child.pid as number),
          stop: () => stopChild(child),
        });
      }
    });
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code, signal) => fail(`it exited with code ${code} (signal ${signal})`));
  });
}

let clockTicksPerSecond: number | null = null;

/** Reads the user and system CPU time of a running process from /proc/PID/stat (Linux only). */
function processCpuSeconds(pid: number): number {
  clockTicksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');

  // The command name in field 2 may contain spaces, so fields are counted from after its closing
  // bracket: field 3 (state) comes first, so utime (field 14) and stime (field 15) are at 11 and 12.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond;
}

/** Sends SIGTERM and waits for the exit, killing the child if it does not stop in time. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }

  return new Promise((resolve) => {
    const timer = setTimeout(() => kill(child), SANDBOX_STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A temporary directory for config and catalog files, removed by `remove()`. */
export class WorkDirectory {
  readonly path = mkdtempSync(path.join(tmpdir(), 'source-clienttether-bench-'));

  writeJson(name: string, value: unknown): string {
    const file = path.join(this.path, name);
    writeFileSync(file, JSON.stringify(value));
    return file;
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

export interface PipelineOptions {
  /** Approximate maximum rate, in bytes per second, at which the consumer reads stdout. Default: no limit. */
  consumerBytesPerSecond?: number;
  timeoutMs: number;
}

export interface PipelineResult {
  /** From spawning the pipeline until the consumer has counted the last line. */
  wallSeconds: number;
  /** User plus system CPU time of the measured process. */
  cpuSeconds: number;
  /** Peak resident set size of the measured process, as GNU time reports it (the kernel's maxrss). */
  peakRssMiB: number;
  lines: number;
  records: number;
  bytes: number;
  /** The last 4,000 characters the pipeline wrote to stderr, such as Node.js warnings. */
  stderr: string;
}

/**
 * Runs `COMMAND | node line-counter.js` under GNU time, which measures only the command on the
 * left. Throws when that command fails or the pipeline outlives `timeoutMs`.
 */
export function runPipeline(command: string[], options: PipelineOptions, work: WorkDirectory): Promise<PipelineResult> {
  const timeFile = path.join(work.path, 'time.txt');
  const measured = [GNU_TIME, '-f', '%x %M %U %S', '-o', timeFile, ...command];
  const consumer = [process.execPath, LINE_COUNTER];
  if (options.consumerBytesPerSecond !== undefined) {
    consumer.push('--bytes-per-second', String(options.consumerBytesPerSecond));
  }
  const pipeline = `${measured.map(shellQuote).join(' ')} | ${consumer.map(shellQuote).join(' ')}`;
  const description = command.map((argument) => path.basename(argument)).slice(0, 3).join(' ');

  const startedAt = process.hrtime.bigint();
  const child = spawn('/bin/sh', ['-c', pipeline], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  track(child, true);

  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      kill(child);
    }, options.timeoutMs);

    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', () => {
      clearTimeout(timer);
      const wallSeconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      if (timedOut) {
        reject(new Error(`${description} timed out after ${options.timeoutMs} ms and was killed. Stderr: ${stderr}`));
        return;
      }

      try {
        resolve({ wallSeconds, ...parseTimeFile(timeFile, description, stderr), ...parseCounts(stdout, description), stderr });
      } catch (error) {
        reject(error);
      }
    });
  });
}

function parseTimeFile(file: string, description: string, stderr: string): Pick<PipelineResult, 'cpuSeconds' | 'peakRssMiB'> {
  // GNU time writes "Command exited with non-zero status N" before the format line on failure.
  const lastLine = readFileSync(file, 'utf8').trim().split('\n').pop() ?? '';
  const [exitStatus, maxRssKiB, userSeconds, systemSeconds] = lastLine.split(' ').map(Number);

  if (exitStatus !== 0) {
    throw new Error(`${description} failed with exit status ${exitStatus}. Stderr: ${stderr}`);
  }
  return { cpuSeconds: userSeconds + systemSeconds, peakRssMiB: maxRssKiB / 1024 };
}

function parseCounts(stdout: string, description: string): Pick<PipelineResult, 'lines' | 'records' | 'bytes'> {
  try {
    return JSON.parse(stdout) as Pick<PipelineResult, 'lines' | 'records' | 'bytes'>;
  } catch {
    throw new Error(`The line counter of ${description} printed no counts: ${JSON.stringify(stdout.slice(0, 200))}`);
  }
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Runs COMMAND to its exit with stdout and stderr discarded, and returns the wall time in ms. */
export function timeRun(command: string[], timeoutMs: number): Promise<number> {
  const startedAt = process.hrtime.bigint();
  const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  track(child, false);

  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => kill(child), timeoutMs);

    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const elapsedMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
      if (code !== 0) {
        reject(new Error(`${command.join(' ')} exited with code ${code} (signal ${signal}): ${stderr.slice(0, 500)}`));
        return;
      }
      resolve(elapsedMs);
    });
  });
}
