/** How far a revision has reached the fleet, live: agents that applied it out of those connected. */
import { useLive } from '../api/live';
import type { AgentStatus } from '../api/types';

export function appliedCount(agents: readonly AgentStatus[], revision: number): { applied: number; reachable: number } {
  const reachable = agents.filter((a) => a.state === 'connected' || a.state === 'syncing');
  return { applied: reachable.filter((a) => a.applied_revision >= revision).length, reachable: reachable.length };
}

export function Rollout(props: { revision: number; compact?: boolean }) {
  const { snapshot, error } = useLive();
  if (!snapshot) return <span class="muted">{error ?? 'Waiting for the fleet…'}</span>;
  const { applied, reachable } = appliedCount(snapshot.agents, props.revision);
  const done = reachable > 0 && applied === reachable;
  const text = reachable === 0 ? 'no agents connected' : `${applied} of ${reachable} connected agent${reachable === 1 ? '' : 's'} applied revision ${props.revision}`;
  return (
    <span class={`rollout ${done ? 'rollout-done' : ''}`} data-testid="rollout">
      {!props.compact && reachable > 0 && <progress max={reachable} value={applied} aria-label={`agents that applied revision ${props.revision}`} />}
      <span>{text}</span>
    </span>
  );
}
