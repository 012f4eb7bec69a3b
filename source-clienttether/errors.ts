import type { AirbyteErrorTraceMessage } from './generated/protocol';

export type FailureType = NonNullable<AirbyteErrorTraceMessage['failure_type']>;

/**
 * An error with a message written for the person who runs the sync, and the Airbyte failure type
 * from which the platform learns whether to ask the user for a fix (config_error), retry later
 * (transient_error) or report a bug (system_error).
 */
export class ConnectorError extends Error {
  readonly failureType: FailureType;
  readonly internalMessage?: string;

  constructor(failureType: FailureType, message: string, options: { internalMessage?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ConnectorError';
    this.failureType = failureType;
    this.internalMessage = options.internalMessage;
  }
}

export function configError(message: string, internalMessage?: string): ConnectorError {
  return new ConnectorError('config_error', message, { internalMessage });
}

/** Wraps anything thrown into a ConnectorError; unknown errors are bugs, so system_error. */
export function toConnectorError(error: unknown): ConnectorError {
  if (error instanceof ConnectorError) {
    return error;
  }

  const internalMessage = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new ConnectorError('system_error', 'The ClientTether connector failed unexpectedly. See the logs for details.', {
    internalMessage,
    cause: error,
  });
}
