import { parseConfig, readConfigFile } from '../config';
import type { AirbyteStream } from '../generated/protocol';
import type { MessageWriter } from '../protocol/writer';
import { STREAMS, supportedSyncModes, type StreamDeclaration } from '../streams/declarations';

/** Validates the config (discover must not pass with one that read would reject), then emits the static catalog. */
export function discover(configPath: string, writer: MessageWriter): number {
  parseConfig(readConfigFile(configPath));
  writer.emit({ type: 'CATALOG', catalog: { streams: STREAMS.map(airbyteStream) } });
  return 0;
}

export function airbyteStream(stream: StreamDeclaration): AirbyteStream {
  const airbyte: AirbyteStream = {
    name: stream.name,
    json_schema: stream.schema,
    supported_sync_modes: supportedSyncModes(stream),
    source_defined_primary_key: [[stream.primaryKey]],
  };
  if (stream.cursorField) {
    airbyte.source_defined_cursor = true;
    airbyte.default_cursor_field = [stream.cursorField];
  }
  return airbyte;
}
