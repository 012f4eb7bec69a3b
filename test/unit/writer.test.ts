import { PassThrough, Writable } from 'node:stream';

import { CONNECTION_SPECIFICATION } from '../../source-clienttether/config';
import { logMessage, stateMessage } from '../../source-clienttether/protocol/messages';
import { MessageWriter } from '../../source-clienttether/protocol/writer';
import { REDACTED, SecretFilter, secretValuesOf } from '../../source-clienttether/secrets';

function capture() {
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk) => (text += String(chunk)));
  return { output, text: () => text };
}

describe('MessageWriter', () => {
  test('masks secrets in any message', () => {
    const { output, text } = capture();
    const secrets = secretValuesOf({ access_token: 'tok"en\\value', web_key: 'CT_abc123', time_zone: 'UTC' }, CONNECTION_SPECIFICATION);
    const writer = new MessageWriter(output, new SecretFilter(secrets));

    writer.emit(logMessage('ERROR', 'server said: invalid tok"en\\value for CT_abc123'));
    writer.flush();

    const line = JSON.parse(text().trim());
    expect(secrets).toEqual(['tok"en\\value', 'CT_abc123']);
    expect(line.log.message).toBe(`server said: invalid ${REDACTED} for ${REDACTED}`);
  });

  test('stamps record counts on states', () => {
    const { output, text } = capture();
    const writer = new MessageWriter(output);

    writer.emit({ type: 'RECORD', record: { stream: 'clients', data: {}, emitted_at: 1 } });
    writer.emit({ type: 'RECORD', record: { stream: 'clients', data: {}, emitted_at: 1 } });
    writer.emit({ type: 'RECORD', record: { stream: 'users', data: {}, emitted_at: 1 } });
    writer.emit(stateMessage('clients', {}));
    writer.emit(stateMessage('clients', {}));
    writer.emit(stateMessage('users', {}));
    writer.flush();

    const counts = text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .filter((message) => message.type === 'STATE')
      .map((message) => [message.state.stream.stream_descriptor.name, message.state.sourceStats.recordCount]);
    expect(counts).toEqual([
      ['clients', 2],
      ['clients', 0],
      ['users', 1],
    ]);
  });

  test('writes a burst in one chunk', async () => {
    const { output, text } = capture();
    const chunks: number[] = [];
    output.on('data', (chunk: Buffer) => chunks.push(chunk.length));
    const writer = new MessageWriter(output);

    for (let i = 0; i < 100; i++) {
      writer.emit(logMessage('INFO', `line ${i}`));
    }
    expect(text()).toBe('');
    await new Promise((resolve) => setImmediate(resolve));

    expect(chunks).toHaveLength(1);
    expect(text().trim().split('\n')).toHaveLength(100);
  });

  test('flushed waits for a buffer under its limit', async () => {
    // A pipe whose reader is paused: each write completes only when the test releases it.
    const pendingCallbacks: Array<() => void> = [];
    const output = new Writable({
      highWaterMark: 1024 * 1024,
      write(_chunk, _encoding, callback) {
        pendingCallbacks.push(callback);
      },
    });
    const writer = new MessageWriter(output);
    let flushed = false;

    writer.emit(logMessage('INFO', 'last line before exit'));
    const done = writer.flushed().then(() => (flushed = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(output.writableNeedDrain).toBe(false);
    expect(flushed).toBe(false);

    while (pendingCallbacks.length > 0) {
      (pendingCallbacks.shift() as () => void)();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await done;
    expect(flushed).toBe(true);
  });

  test('waits for a slow reader', async () => {
    const output = new PassThrough({ highWaterMark: 64 });
    const writer = new MessageWriter(output);
    let drained = false;

    const sent = writer.send(logMessage('INFO', 'x'.repeat(200))).then(() => (drained = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(false);

    output.resume();
    await sent;
    expect(drained).toBe(true);
  });
});
