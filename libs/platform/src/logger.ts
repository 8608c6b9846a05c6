import type { LoggerService } from '@nestjs/common';
import type { LogLevel } from './config.js';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Where log lines go; a test can collect them. */
export type LogSink = (line: string, level: LogLevel) => void;

const defaultSink: LogSink = (line, level) => {
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
};

/**
 * Structured JSON logs, one object per line: `{"time","level","service","context","msg",…}`.
 * Personal data (names, phone numbers, addresses) must never be passed in; log ids instead.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly service: string,
    private readonly level: LogLevel = 'info',
    private readonly sink: LogSink = defaultSink,
  ) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }

  /** Logs a message with structured fields. */
  event(
    level: LogLevel,
    msg: string,
    fields: Readonly<Record<string, unknown>> = {},
    context?: string,
  ): void {
    if (ORDER[level] < ORDER[this.level]) return;
    this.sink(
      JSON.stringify({
        time: new Date().toISOString(),
        level,
        service: this.service,
        context,
        msg,
        ...fields,
      }),
      level,
    );
  }

  private write(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (ORDER[level] < ORDER[this.level]) return;
    // Nest passes the context as the last string argument, and for errors a stack before it.
    const args = [...rest];
    const context = typeof args.at(-1) === 'string' ? (args.pop() as string) : undefined;
    const fields: Record<string, unknown> = {};
    if (message instanceof Error) {
      fields.error = { name: message.name, message: message.message, stack: message.stack };
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(fields, message);
    }
    const stack = args.find((arg): arg is string => typeof arg === 'string' && arg.includes('\n    at '));
    if (stack) fields.stack = stack;
    const msg =
      typeof message === 'string' ? message : message instanceof Error ? message.message : undefined;
    this.event(level, msg ?? '', fields, context);
  }
}
