import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('applies defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.host).toBe('127.0.0.1');
    expect(c.databaseUrl).toBeNull();
    expect(c.dataDir).toMatch(/\.vigil\/data$/);
    expect(c.logLevel).toBe('info');
  });

  it('reads every variable', () => {
    const c = loadConfig({ PORT: '9000', HOST: '0.0.0.0', DATABASE_URL: 'postgres://u@h/db', VIGIL_DATA_DIR: '/tmp/x', VIGIL_ADMIN_KEY: 'k'.repeat(20), LOG_LEVEL: 'DEBUG' });
    expect(c).toMatchObject({ port: 9000, host: '0.0.0.0', databaseUrl: 'postgres://u@h/db', dataDir: '/tmp/x', adminKey: 'k'.repeat(20), logLevel: 'debug' });
  });

  it('lists every problem in one error', () => {
    let err: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', VIGIL_ADMIN_KEY: 'short', LOG_LEVEL: 'loud' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'VIGIL_ADMIN_KEY', 'LOG_LEVEL']) expect(problems).toContain(name);
  });
});
