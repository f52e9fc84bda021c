/** The fleet, live: every agent's connection, applied revision and lag; drift stands out. */
import { useLive } from '../api/live';
import type { AgentStatus } from '../api/types';
import { DataTable, type Column } from '../components/data-table';
import { useClientPage } from '../components/loaded-list';
import { Pager } from '../components/pager';
import { Ago, Alert, Empty, PageTitle } from '../components/ui';

const STATE_TEXT: Record<AgentStatus['state'], string> = { connected: 'connected', syncing: 'syncing', disconnected: 'disconnected', never_connected: 'never connected' };

/** Connected (or catching up) but behind the head revision. */
const drifts = (a: AgentStatus) => (a.state === 'connected' || a.state === 'syncing') && a.lag > 0;

const COLUMNS: Column<AgentStatus>[] = [
  { header: 'Agent', cell: (a) => <strong>{a.name}</strong> },
  { header: 'Service', cell: (a) => a.service },
  {
    header: 'Labels',
    cell: (a) =>
      Object.entries(a.labels).map(([k, v]) => (
        <span class="label" key={k}>
          {k}={v}
        </span>
      )),
  },
  { header: 'State', cell: (a) => <span class={`state state-${a.state}`}>{STATE_TEXT[a.state]}</span> },
  { header: 'Applied revision', testId: 'applied', cell: (a) => a.applied_revision || '—' },
  { header: 'Lag', cell: (a) => (drifts(a) ? <strong class="bad-text">{a.lag} behind</strong> : a.state === 'never_connected' ? '—' : a.lag) },
  { header: 'Last seen', cell: (a) => <Ago at={a.acked_at ?? a.connected_at} /> },
];

export function FleetPage() {
  const { snapshot, state, error } = useLive();
  const agents = snapshot?.agents ?? [];
  const connected = agents.filter((a) => a.state === 'connected' || a.state === 'syncing');
  const drifting = agents.filter(drifts);
  // A large fleet is read a page at a time; the live snapshot keeps every page current.
  const shown = useClientPage(snapshot?.agents ?? null);
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
      {agents.length > 0 && shown.data && (
        <DataTable caption="Agents, updated live" testId="fleet" stacked columns={COLUMNS} rows={shown.data.items} rowKey={(a) => a.id} row={(a) => ({ class: drifts(a) ? 'drift' : a.state === 'connected' ? '' : 'muted-row', 'data-agent': a.name })} />
      )}
      <Pager list={shown} what="agents" />
    </section>
  );
}
