/** The logging the engine needs; pino, console or a test sink all fit. */
export interface EngineLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** One JSON line per message on stderr. */
export const jsonLineLogger = (name: string): EngineLogger => {
  const write = (level: string, msg: string, fields?: Record<string, unknown>) =>
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, name, msg, ...fields })}\n`);
  return { info: (m, f) => write('info', m, f), warn: (m, f) => write('warn', m, f), error: (m, f) => write('error', m, f) };
};

export const silentLogger: EngineLogger = { info: () => {}, warn: () => {}, error: () => {} };
