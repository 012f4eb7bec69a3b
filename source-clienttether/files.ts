import { readFileSync } from 'node:fs';

import { configError } from './errors';

export type JsonFileRead = { found: false } | { found: true; empty: boolean; value: unknown };

/**
 * Reads a JSON input file (config, catalog or state). Parser messages are left out on purpose:
 * Node's JSON.parse quotes the text around the error, and a config file contains secrets.
 */
export function readJsonFile(path: string, fileKind: string, fix: string): JsonFileRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      return { found: false };
    }
    throw configError(`The ${fileKind} file ${path} could not be read (${code ?? 'unknown error'}). ${fix}`);
  }

  if (text.trim() === '') {
    return { found: true, empty: true, value: undefined };
  }

  try {
    return { found: true, empty: false, value: JSON.parse(text) };
  } catch (error) {
    const position = /position (\d+)/.exec(String((error as Error).message))?.[1];
    const where = position === undefined ? '' : ` near character ${position}`;
    throw configError(`The ${fileKind} file ${path} is not valid JSON${where}. ${fix}`);
  }
}
