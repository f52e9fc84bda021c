/**
 * Agent metrics in Prometheus text format. Counters are plain numbers bumped on the
 * request path (no registry look-ups per request); the text is built only when scraped.
 */
import type { Decision, VigilEngine } from '@vigil/agent-sdk';

const BUCKETS_US = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 50_000];

export class AgentMetrics {
  private readonly outcomes = new Map<string, number>();
  private readonly buckets = new Array<number>(BUCKETS_US.length + 1).fill(0);
  private latencySumUs = 0;
  private count = 0;
  badRequests = 0;

  observe(d: Decision): void {
    const key = d.reason ?? d.outcome;
    this.outcomes.set(key, (this.outcomes.get(key) ?? 0) + 1);
    let i = 0;
    while (i < BUCKETS_US.length && d.latency_us > BUCKETS_US[i]) i++;
    this.buckets[i]++;
    this.latencySumUs += d.latency_us;
    this.count++;
  }

  render(engine: VigilEngine, now = Date.now()): string {
    const h = engine.health(now);
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string, samples: [string, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, v] of samples) lines.push(`${name}${labels} ${v}`);
    };
    metric('vigil_agent_decisions_total', 'counter', 'Decisions by outcome (allow, challenge, limit, deny, or the reason the agent denied).', [...this.outcomes].map(([k, v]) => [`{outcome="${k}"}`, v]));
    let cumulative = 0;
    const hist: [string, number][] = BUCKETS_US.map((b, i) => [`_bucket{le="${b / 1e6}"}`, (cumulative += this.buckets[i])]);
    hist.push(['_bucket{le="+Inf"}', this.count], ['_sum', this.latencySumUs / 1e6], ['_count', this.count]);
    lines.push('# HELP vigil_agent_decision_seconds Time to decide, excluding HTTP.', '# TYPE vigil_agent_decision_seconds histogram');
    for (const [suffix, v] of hist) lines.push(`vigil_agent_decision_seconds${suffix} ${v}`);
    metric('vigil_agent_bad_requests_total', 'counter', 'Requests refused with a 4xx before deciding.', [['', this.badRequests]]);
    metric('vigil_agent_applied_revision', 'gauge', 'Last revision applied.', [['', h.revision]]);
    metric('vigil_agent_head_revision', 'gauge', 'Head revision announced by the last verified heartbeat.', [['', h.head]]);
    metric('vigil_agent_lag_revisions', 'gauge', 'Head minus applied revision.', [['', Math.max(0, h.head - h.revision)]]);
    metric('vigil_agent_last_confirmed_seconds', 'gauge', 'Seconds since the agent last confirmed it is current (-1: never).', [['', h.last_confirmed_ms_ago === null ? -1 : h.last_confirmed_ms_ago / 1000]]);
    metric('vigil_agent_fresh', 'gauge', '1 while within the freshness lease.', [['', engine.enforcer.lease.isFresh(now) ? 1 : 0]]);
    metric('vigil_agent_connected', 'gauge', '1 while connected to the control plane.', [['', engine.stream.connected ? 1 : 0]]);
    metric('vigil_agent_refused_events_total', 'counter', 'Pushed events refused (bad signature, shape or bundle).', [['', h.refused_events]]);
    metric('vigil_agent_revocations', 'gauge', 'Revocations in force.', [['', engine.enforcer.revocationCount]]);
    const risk = engine.enforcer.risk;
    if (risk) {
      metric('vigil_agent_risk_tracked', 'gauge', 'Subjects and calling services tracked by anomaly detection.', [['{kind="subject"}', risk.subjects.table.size], ['{kind="service"}', risk.services.table.size]]);
      metric('vigil_agent_risk_evictions_total', 'counter', 'Tracked entities forgotten to stay within capacity.', [['{kind="subject"}', risk.subjects.table.evictions], ['{kind="service"}', risk.services.table.evictions]]);
    }
    metric('vigil_agent_signals', 'gauge', 'Signals in force.', [['', engine.enforcer.riskSignals.signalCount]]);
    const log = engine.decisions;
    metric('vigil_agent_decision_log_dropped_total', 'counter', 'Decision-log entries dropped (buffer or spool full).', [['', log?.droppedTotal ?? 0]]);
    metric('vigil_agent_decision_log_sent_total', 'counter', 'Decision-log entries acknowledged by the control plane.', [['', log?.sentTotal ?? 0]]);
    metric('vigil_agent_decision_log_spooled_batches', 'gauge', 'Decision-log batches waiting on disk.', [['', log?.spooledBatches ?? 0]]);
    return `${lines.join('\n')}\n`;
  }
}
