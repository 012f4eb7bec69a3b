import type { LogLevel } from './messages';
import { logMessage } from './messages';
import type { MessageWriter } from './writer';

const SEVERITY: Record<LogLevel, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4, FATAL: 5 };

/** Sends LOG messages through the writer, dropping those below the level set by LOG_LEVEL or --debug. */
export class Logger {
  private readonly threshold: number;

  constructor(
    private readonly writer: MessageWriter,
    level: LogLevel = levelFromEnvironment(),
  ) {
    this.threshold = SEVERITY[level];
  }

  get debugEnabled(): boolean {
    return this.threshold <= SEVERITY.DEBUG;
  }

  log(level: LogLevel, message: string, stackTrace?: string): void {
    if (SEVERITY[level] >= this.threshold) {
      this.writer.emit(logMessage(level, message, stackTrace));
    }
  }

  debug(message: string): void {
    this.log('DEBUG', message);
  }

  info(message: string): void {
    this.log('INFO', message);
  }

  warn(message: string): void {
    this.log('WARN', message);
  }

  error(message: string, stackTrace?: string): void {
    this.log('ERROR', message, stackTrace);
  }
}

export function levelFromEnvironment(debugFlag = false): LogLevel {
  if (debugFlag) {
    return 'DEBUG';
  }
  const level = (process.env.LOG_LEVEL ?? 'INFO').toUpperCase();
  return level in SEVERITY ? (level as LogLevel) : 'INFO';
}
