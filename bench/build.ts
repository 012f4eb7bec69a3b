/**
 * The record of the connector build that a benchmark run measured. The working tree is shared, so
 * `dist/` can be rebuilt while a run is under way, and the run then mixes two builds.
 */

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const REPOSITORY = path.join(__dirname, '..', '..');
const DIST = path.join(__dirname, '..');
/** The compiled code whose speed the benchmark reports. */
const MEASURED_DIRECTORIES = ['source-clienttether', 'sandbox'];

export interface BuildRecord {
  /** `git rev-parse HEAD`, or 'unknown' outside a git checkout. */
  commit: string;
  /** Uncommitted changes under source-clienttether/ and sandbox/, as `git status --porcelain` lists them. */
  uncommittedChanges: string[];
  /** page_concurrency default of the built connector's spec. */
  defaultPageConcurrency: number;
  /** True when a file under dist/source-clienttether or dist/sandbox changed during the run. */
  distChangedDuringRun: boolean;
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: REPOSITORY, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function readDefaultPageConcurrency(): number {
  const spec = JSON.parse(readFileSync(path.join(DIST, 'source-clienttether', 'spec.json'), 'utf8')) as {
    connectionSpecification: { properties: { page_concurrency?: { default?: unknown } } };
  };
  const value = spec.connectionSpecification.properties.page_concurrency?.default;
  if (typeof value !== 'number') {
    throw new Error('dist/source-clienttether/spec.json has no numeric page_concurrency default; run npm run build.');
  }
  return value;
}

/** Returns a SHA-256 hash of the paths and contents of every file under the measured directories of dist/. */
export function fingerprintDist(): string {
  const hash = createHash('sha256');
  const visit = (directory: string) => {
    const entries = readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const file = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        visit(file);
      } else {
        hash.update(`${file}\0`).update(readFileSync(file));
      }
    }
  };
  for (const directory of MEASURED_DIRECTORIES) {
    visit(path.join(DIST, directory));
  }
  return hash.digest('hex');
}

export function describeBuild(): Omit<BuildRecord, 'distChangedDuringRun'> {
  const status = git(['status', '--porcelain', '--', ...MEASURED_DIRECTORIES]);
  return {
    commit: git(['rev-parse', 'HEAD']) ?? 'unknown',
    uncommittedChanges: status ? status.split('\n') : [],
    defaultPageConcurrency: readDefaultPageConcurrency(),
  };
}
