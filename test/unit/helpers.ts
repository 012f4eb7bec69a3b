import { Writable } from 'node:stream';

import { parseConfig, type ConnectorConfig } from '../../source-clienttether/config';
import type { AirbyteMessage } from '../../source-clienttether/generated/protocol';
import { Logger } from '../../source-clienttether/protocol/logger';
import { MessageWriter } from '../../source-clienttether/protocol/writer';

export const API = 'http://127.0.0.1:8799';
export const BASE_PATH = '/v2/api/';

export function testConfig(overrides: Record<string, unknown> = {}): ConnectorConfig {
  return parseConfig({ access_token: 'unit-test-token', web_key: 'unit-test-web-key', api_url: `${API}${BASE_PATH}`, ...overrides });
}

/** Creates a writer into memory, and a function that parses its messages back. */
export function memoryWriter(): { writer: MessageWriter; logger: Logger; messages: () => AirbyteMessage[] } {
  let text = '';
  const output = new Writable({
    write(chunk, _encoding, callback) {
      text += String(chunk);
      callback();
    },
  });
  const writer = new MessageWriter(output);
  return {
    writer,
    logger: new Logger(writer, 'DEBUG'),
    messages: () =>
      (writer.flush(), text)
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as AirbyteMessage),
  };
}

export function envelope(rows: unknown[], total: number | string | null = rows.length, code = 'CT_200'): Record<string, unknown> {
  const body: Record<string, unknown> = { ResultCode: code, Message: 'Success', data: rows };
  if (total !== null) {
    body.TotalRecord = total;
  }
  return body;
}

export function clientRows(from: number, count: number): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, index) => ({
    client_id: String(from + index),
    firstName: `First ${from + index}`,
    last_modified_date: '2025-03-01 10:00:00',
  }));
}
