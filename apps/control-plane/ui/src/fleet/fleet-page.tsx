/** The fleet, live: every agent's connection, applied revision and lag; drift stands out. */
import { useLive } from '../api/live';
import type { AgentStatus } from '../api/types';
import { Ago, Alert, Empty, PageTitle } from '../components/ui';

const STATE_TEXT: Record<AgentStatus['state'], string> = { connected: 'connected', syncing: 'syncing', disconnected: 'disconnected', never_connected: 'never connected' };

export function FleetPage() {
  const { snapshot, state, error } = useLive();
  const agents = snapshot?.agents ?? [];
  const connected = agents.filter((a) => a.state === 'connected' || a.state === 'syncing');
  const drifting = connected.filter((a) => a.lag > 0);
  return (
    <section>
      <PageTitle>Fleet</PageTitle>
      {state !== 'live' && error && <Alert kind="warn">Live updates paused: {error}</Alert>}
      {snapshot && (
        <p class="summary" role="status" aria-live="polite">
          Head revision <strong>{snapshot.head}</strong> · {connected.length} of {agents.length} agents connected ·{' '}
          {drifting.length === 0 ? <span class="ok-text">all connected agents current</span> : <span class="bad-text">{drifting.length} behind</span>}
        </p>
      )}
      {!snapshot && <p class="muted">Connecting to the live channel…</p>}
      {snapshot && agents.length === 0 && <Empty>No agents registered. Register one with POST /v1/agents and start `vigil agent`.</Empty>}
      {agents.length > 0 && (
        <div class="table-wrap">
          <table class="table stack" data-testid="fleet">
            <caption class="sr-only">Agents, updated live</caption>
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col">Service</th>
                <th scope="col">Labels</th>
                <th scope="col">State</th>
                <th scope="col">Applied revision</th>
                <th scope="col">Lag</th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {agents.map((a) => {
                const drift = (a.state === 'connected' || a.state === 'syncing') && a.lag > 0;
                return (
                  <tr key={a.id} class={drift ? 'drift' : a.state === 'connected' ? '' : 'muted-row'} data-agent={a.name}>
                    <td data-label="Agent">
                      <strong>{a.name}</strong>
                    </td>
                    <td data-label="Service">{a.service}</td>
                    <td data-label="Labels">
                      {Object.entries(a.labels).map(([k, v]) => (
                        <span class="label" key={k}>
                          {k}={v}
                        </span>
                      ))}
                    </td>
                    <td data-label="State">
                      <span class={`state state-${a.state}`}>{STATE_TEXT[a.state]}</span>
                    </td>
                    <td data-label="Applied revision" data-testid="applied">{a.applied_revision || '—'}</td>
                    <td data-label="Lag">{drift ? <strong class="bad-text">{a.lag} behind</strong> : a.state === 'never_connected' ? '—' : a.lag}</td>
                    <td data-label="Last seen">
                      <Ago at={a.acked_at ?? a.connected_at} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
