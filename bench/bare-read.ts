/**
 * The baseline of the throughput figures: the least a reader of `read_client_list` must do. It
 * requests each page in order (limit 100, offset 0, 100, …) on one keep-alive connection and
 * writes each row to stdout as an Airbyte RECORD line, waiting for stdout to drain after a page
 * as the connector does. It has no retries, checks, normalization or state.
 *
 * Usage: node dist/bench/bare-read.js --url BASE_URL --access-token TOKEN --web-key KEY
 */

import { once } from 'node:events';
import http from 'node:http';
import { parseArgs } from 'node:util';

const PAGE_SIZE = 100;

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function getText(url: URL, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        if (response.statusCode === 200) {
          resolve(body);
        } else {
          reject(new Error(`GET ${url.pathname}${url.search} failed with HTTP ${response.statusCode}: ${body.slice(0, 200)}`));
        }
      });
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      'access-token': { type: 'string' },
      'web-key': { type: 'string' },
    },
  });
  if (!values.url || !values['access-token'] || !values['web-key']) {
    throw new Error('Missing option: pass --url, --access-token and --web-key of the sandbox.');
  }

  const headers = { 'X-Access-Token': values['access-token'], 'X-Web-Key': values['web-key'], Accept: 'application/json' };
  const pageUrl = new URL('read_client_list', values.url);
  pageUrl.searchParams.set('limit', String(PAGE_SIZE));

  for (let offset = 0; ; offset += PAGE_SIZE) {
    pageUrl.searchParams.set('offset', String(offset));
    const envelope = JSON.parse(await getText(pageUrl, headers)) as { TotalRecord?: number; data?: unknown[] };
    const rows = Array.isArray(envelope.data) ? envelope.data : [];

    const emittedAt = Date.now();
    let mustWait = false;
    for (const row of rows) {
      const line = JSON.stringify({ type: 'RECORD', record: { stream: 'clients', data: row, emitted_at: emittedAt } });
      mustWait = !process.stdout.write(`${line}\n`) || mustWait;
    }

    // CT_515 (no data) past the end, a short page or TotalRecord ends the list.
    if (rows.length < PAGE_SIZE || offset + rows.length >= Number(envelope.TotalRecord)) {
      break;
    }
    if (mustWait) {
      await once(process.stdout, 'drain');
    }
  }

  agent.destroy();
}

main().catch((error: unknown) => {
  console.error(`bare-read failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
