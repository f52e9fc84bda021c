/** The decision log: a chart of volume and deny rate, and a searchable, auto-refreshing list. */
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { get, query } from '../api/client';
import type { Decision, DecisionOutcome, DecisionStats, Page } from '../api/types';
import { ErrorAlert, Field, Json, localToIso, Loading, PageTitle, Select, useInterval, useLoad, Empty } from '../components/ui';
import { RateChart } from './rate-chart';

type Outcome = '' | DecisionOutcome | 'challenge,limit,deny';

export function DecisionsPage() {
  const [f, setF] = useState({ subject: '', path: '', outcome: '' as Outcome, reason: '', revision: '', since: '', until: '' });
  const [auto, setAuto] = useState(true);
  const [open, setOpen] = useState<string | null>(null);
  const q = query({ subject: f.subject.trim(), path: f.path.trim(), outcome: f.outcome, reason_contains: f.reason.trim(), revision: f.revision.trim(), since: localToIso(f.since), until: localToIso(f.until), limit: 100 });
  const list = useLoad((s) => get<Page<Decision>>(`/v1/decisions${q}`, s), [q]);
  const stats = useLoad((s) => get<DecisionStats>('/v1/ui/decision-stats?minutes=15&bucket=10', s), []);
  useInterval(() => {
    list.reload();
    stats.reload();
  }, auto ? 2000 : null);

  return (
    <section>
      <PageTitle>Decisions</PageTitle>
      <ErrorAlert error={stats.error} />
      {stats.data && <RateChart stats={stats.data} />}
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Search decisions">
        <Field label="Subject" id="d-subject" value={f.subject} onInput={(v) => setF({ ...f, subject: v })} />
        <Field label="Path" id="d-path" value={f.path} onInput={(v) => setF({ ...f, path: v })} placeholder="authz/allow" />
        <Select label="Outcome" id="d-outcome" value={f.outcome} onChange={(v) => setF({ ...f, outcome: v })} options={OUTCOME_OPTIONS} />
        <Field label="Reason contains" id="d-reason" value={f.reason} onInput={(v) => setF({ ...f, reason: v })} placeholder="new origin" />
        <Field label="Revision" id="d-revision" inputMode="numeric" value={f.revision} onInput={(v) => setF({ ...f, revision: v })} />
        <Field label="Since" id="d-since" type="datetime-local" value={f.since} onInput={(v) => setF({ ...f, since: v })} />
        <Field label="Until" id="d-until" type="datetime-local" value={f.until} onInput={(v) => setF({ ...f, until: v })} />
        <label class="check">
          <input type="checkbox" checked={auto} onChange={(e) => setAuto((e.currentTarget as HTMLInputElement).checked)} /> Auto-refresh
        </label>
      </form>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {list.loading && !list.data && <Loading what="decisions" />}
      {list.data && list.data.items.length === 0 && <Empty>No decisions match.</Empty>}
      {list.data && list.data.items.length > 0 && (
        <div class="table-wrap">
          <table class="table stack" data-testid="decisions">
            <caption class="sr-only">
              Decisions, newest first ({list.data.total} match)
            </caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Path</th>
                <th scope="col">Subject</th>
                <th scope="col">Outcome</th>
                <th scope="col">Reasons</th>
                <th scope="col">Revision</th>
                <th scope="col">Latency</th>
                <th scope="col">
                  <span class="sr-only">Details</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((d) => (
                <Fragment key={d.decision_id}>
                  <tr key={d.decision_id} class={d.outcome === 'allow' ? '' : 'deny'}>
                    <td data-label="Time">{new Date(d.timestamp).toLocaleTimeString()}</td>
                    <td data-label="Path">
                      <code>{d.path}</code>
                    </td>
                    <td data-label="Subject">{subjectOf(d.input) ?? <span class="muted">—</span>}</td>
                    <td data-label="Outcome">
                      <OutcomeText outcome={d.outcome} />
                    </td>
                    <td data-label="Reasons">
                      {d.reason && <code>{d.reason}</code>} {d.reasons.join('; ')}
                    </td>
                    <td data-label="Revision">{d.revision}</td>
                    <td data-label="Latency">{d.latency_us} µs</td>
                    <td class="row-actions">
                      <button type="button" class="link" aria-expanded={open === d.decision_id} onClick={() => setOpen(open === d.decision_id ? null : d.decision_id)}>
                        {open === d.decision_id ? 'Hide' : 'Show'}
                        <span class="sr-only"> input and result</span>
                      </button>
                    </td>
                  </tr>
                  {open === d.decision_id && (
                    <tr key={`${d.decision_id}-detail`} class="detail">
                      <td colSpan={8}>
                        <div class="two-col">
                          <Json value={d.input} label="Input" />
                          <Json value={d.result} label="Result" />
                        </div>
                        <small class="muted">decision {d.decision_id} · agent {d.agent_id}</small>
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const OUTCOME_OPTIONS: [Outcome, string][] = [
  ['', 'any'],
  ['allow', 'allow'],
  ['challenge,limit,deny', 'not allowed'],
  ['challenge', 'challenge (step-up)'],
  ['limit', 'limit (rate)'],
  ['deny', 'deny'],
];

/** allow reads as success, deny as failure; challenge and limit are emphasised (the word carries the meaning, not the colour). */
function OutcomeText({ outcome }: { outcome: DecisionOutcome }) {
  if (outcome === 'allow') return <span class="ok-text">allow</span>;
  if (outcome === 'deny') return <strong class="bad-text">deny</strong>;
  return <strong>{outcome}</strong>;
}

/** The subject as the agent's revocation check reads it (see libs/agent-sdk request-identity). */
export function subjectOf(input: unknown): string | null {
  if (!input || typeof input !== 'object') return null;
  const i = input as Record<string, unknown>;
  const s = i.subject ?? i.user ?? i.sub;
  if (typeof s === 'string') return s;
  if (s && typeof s === 'object' && typeof (s as { id?: unknown }).id === 'string') return (s as { id: string }).id;
  return null;
}
