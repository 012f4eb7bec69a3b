import type {
  AirbyteErrorTraceMessage,
  AirbyteLogMessage,
  AirbyteMessage,
  AirbyteStreamStatusTraceMessage,
} from '../generated/protocol';
import { ConnectorError } from '../errors';

export type LogLevel = AirbyteLogMessage['level'];
export type StreamStatus = AirbyteStreamStatusTraceMessage['status'];

export function logMessage(level: LogLevel, message: string, stackTrace?: string): AirbyteMessage {
  const log: AirbyteLogMessage = { level, message };
  if (stackTrace) {
    log.stack_trace = stackTrace;
  }
  return { type: 'LOG', log };
}

export function streamStatusMessage(stream: string, status: StreamStatus): AirbyteMessage {
  return {
    type: 'TRACE',
    trace: { type: 'STREAM_STATUS', emitted_at: Date.now(), stream_status: { stream_descriptor: { name: stream }, status } },
  };
}

export function estimateMessage(stream: string, rowEstimate: number): AirbyteMessage {
  return {
    type: 'TRACE',
    trace: { type: 'ESTIMATE', emitted_at: Date.now(), estimate: { name: stream, type: 'STREAM', row_estimate: rowEstimate } },
  };
}

export function errorTraceMessage(error: ConnectorError, stream?: string): AirbyteMessage {
  const trace: AirbyteErrorTraceMessage = {
    message: error.message,
    internal_message: error.internalMessage ?? error.message,
    failure_type: error.failureType,
    stack_trace: stackTraceOf(error),
  };
  if (stream !== undefined) {
    trace.stream_descriptor = { name: stream };
  }
  return { type: 'TRACE', trace: { type: 'ERROR', emitted_at: Date.now(), error: trace } };
}

export function stateMessage(stream: string, streamState: Record<string, unknown>): AirbyteMessage {
  return {
    type: 'STATE',
    state: { type: 'STREAM', stream: { stream_descriptor: { name: stream }, stream_state: streamState } },
  };
}

function stackTraceOf(error: ConnectorError): string {
  const cause = error.cause instanceof Error ? `\nCaused by: ${error.cause.stack ?? error.cause.message}` : '';
  return `${error.stack ?? error.message}${cause}`;
}
