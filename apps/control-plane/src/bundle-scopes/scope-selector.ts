/**
 * Which bundle scope an agent belongs to. A scope selects agents by service (any of a list)
 * and labels (all of them); an agent belongs to the matching scope with the highest
 * priority (ties: the name that sorts first), else to `default`. A scope that names no
 * service and no label selects nobody: that is how a scope is prepared (policies pushed
 * into it) before agents move to it. Pure functions: the API, the publisher and every
 * replica's gateway resolve with the same code.
 */

/** The scope every agent belongs to unless a selector takes it; it always exists. */
export const DEFAULT_SCOPE = 'default';
/** A policy in this pseudo-scope is compiled into every scope's bundle. */
export const SHARED_SCOPE = '*';

export const SCOPE_NAME = /^[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?$/;
export const SCOPE_NAME_MESSAGE = 'must be 1-64 lower-case letters, digits, ".", "_" or "-", starting and ending with a letter or digit';

/** A scope's selector as it is stored and as it travels in the revision log. */
export interface ScopeSelector {
  readonly name: string;
  readonly services: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly priority: number;
}

/** What an agent is selected by. */
export interface AgentIdentity {
  readonly service: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** The selectors in the order they are tried: priority high to low, then name. */
export function orderScopes(scopes: readonly ScopeSelector[]): ScopeSelector[] {
  return [...scopes].sort((a, b) => b.priority - a.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Whether the selector takes this agent (a selector with neither services nor labels takes none). */
export function selects(s: ScopeSelector, agent: AgentIdentity): boolean {
  const labels = Object.entries(s.labels);
  if (s.services.length === 0 && labels.length === 0) return false;
  if (s.services.length > 0 && !s.services.includes(agent.service)) return false;
  for (const [k, v] of labels) if (agent.labels[k] !== v) return false;
  return true;
}

/** The scope of an agent under `ordered` (as `orderScopes` returns them). */
export function scopeOf(agent: AgentIdentity, ordered: readonly ScopeSelector[]): string {
  for (const s of ordered) if (selects(s, agent)) return s.name;
  return DEFAULT_SCOPE;
}

/** The scopes whose bundle a policy in `policyScope` goes into, out of every scope that exists. */
export function scopesOfPolicy(policyScope: string, allScopes: readonly string[]): string[] {
  return policyScope === SHARED_SCOPE ? [...allScopes] : [policyScope];
}
