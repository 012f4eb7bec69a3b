/** Starts the local sandbox for connector tests and builds configs that point at it. */
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server';
import { configuredCatalog, runConnector, tempFile, type RunOptions, type SyncMode } from './connector';

export async function withSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ freezeClock: true, ...options });
}

export function sandboxConfig(sandbox: Sandbox, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    access_token: sandbox.accessToken,
    web_key: sandbox.account().webKey,
    time_zone: sandbox.account().timeZone,
    api_url: sandbox.url,
    ...overrides,
  };
}

/** Runs `read` against the sandbox with the given streams and optional input state. */
export function readSandbox(
  sandbox: Sandbox,
  streams: Array<[string, SyncMode]>,
  state?: unknown,
  configOverrides: Record<string, unknown> = {},
  options: RunOptions = {},
) {
  const args = [
    'read',
    '--config',
    tempFile('config.json', sandboxConfig(sandbox, configOverrides)),
    '--catalog',
    tempFile('catalog.json', configuredCatalog(streams)),
  ];
  if (state !== undefined) {
    args.push('--state', tempFile('state.json', state));
  }
  return runConnector(args, options);
}
