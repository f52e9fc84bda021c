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

  it('reads the distribution tunables, with defaults', () => {
    expect(loadConfig({}).distribution).toMatchObject({ heartbeatMs: 1000, maxConcurrentSyncs: 200, maxAgents: 20_000, resumeLimit: 10_000, admissionRetryMs: 500 });
    const c = loadConfig({ VIGIL_HEARTBEAT_MS: '250', VIGIL_MAX_CONCURRENT_SYNCS: '600', VIGIL_MAX_AGENTS: '7', VIGIL_RESUME_LIMIT: '9', VIGIL_ADMISSION_RETRY_MS: '30', VIGIL_REPLICA_ID: 'cp-a' });
    expect(c.distribution).toEqual({ replicaId: 'cp-a', heartbeatMs: 250, maxConcurrentSyncs: 600, maxAgents: 7, resumeLimit: 9, admissionRetryMs: 30 });
  });

  it('reads the risk thresholds agents must see crossed (empty: none)', () => {
    expect(loadConfig({}).risk.thresholds).toEqual([0.25, 0.5, 0.75, 0.9]);
    expect(loadConfig({ VIGIL_RISK_THRESHOLDS: '0.6, 0.95' }).risk.thresholds).toEqual([0.6, 0.95]);
    expect(loadConfig({ VIGIL_RISK_THRESHOLDS: '' }).risk.thresholds).toEqual([]);
    expect(() => loadConfig({ VIGIL_RISK_THRESHOLDS: '0.5,1.5' })).toThrow(/VIGIL_RISK_THRESHOLDS/);
  });

  it('lists every problem in one error', () => {
    let err: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', VIGIL_ADMIN_KEY: 'short', LOG_LEVEL: 'loud', VIGIL_HEARTBEAT_MS: '10', VIGIL_MAX_CONCURRENT_SYNCS: 'many' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'VIGIL_ADMIN_KEY', 'LOG_LEVEL', 'VIGIL_HEARTBEAT_MS', 'VIGIL_MAX_CONCURRENT_SYNCS']) expect(problems).toContain(name);
  });
});
