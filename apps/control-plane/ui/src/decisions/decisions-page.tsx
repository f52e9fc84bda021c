/** The decision log: a chart of volume and deny rate, and a searchable, auto-refreshing list. */
import { useState } from 'preact/hooks';
import { get } from '../api/client';
import type { Decision, DecisionOutcome, DecisionPage, DecisionStats } from '../api/types';
import { DataTable, type Column } from '../components/data-table';
import { FilterBar, useFilters } from '../components/filter-bar';
import { LoadedList, useListPage } from '../components/loaded-list';
import { ErrorAlert, Field, Json, localToIso, PageTitle, Select, useInterval, useLoad } from '../components/ui';
import { RateChart } from './rate-chart';

type Outcome = '' | DecisionOutcome | 'challenge,limit,deny';

export function DecisionsPage() {
  const filter = useFilters({ subject: '', path: '', outcome: '' as Outcome, reason: '', revision: '', since: '', until: '' });
  const f = filter.values;
  const [auto, setAuto] = useState(true);
  const [open, setOpen] = useState<string | null>(null);
  // Older pages are read as of when the reader left the first page: decisions logged since then
  // would otherwise push every row down between one page and the next.
  const [asOf, setAsOf] = useState<string | null>(null);
  const list = useListPage<Decision>(
    '/v1/decisions',
    { subject: f.subject.trim(), path: f.path.trim(), outcome: f.outcome, reason_contains: f.reason.trim(), revision: f.revision.trim(), since: localToIso(f.since), until: localToIso(f.until) },
    { later: { received_before: asOf } },
  );
  const stats = useLoad((s) => get<DecisionStats>('/v1/ui/decision-stats?minutes=15&bucket=10', s), []);
  useInterval(() => {
    list.reload();
    stats.reload();
  }, auto ? 2000 : null);
  // Auto-refresh follows the newest decisions, on the first page: reading older pages pauses
  // it and holds them to the first page's as-of time; turning it on goes back to the newest.
  const follow = (on: boolean) => {
    setAuto(on);
    if (on) list.goTo(0);
  };
  const onPage = (offset: number) => {
    if (offset > 0) setAuto(false);
    if (list.offset === 0 && offset > 0) setAsOf((list.data as DecisionPage | null)?.as_of ?? null);
    list.goTo(offset);
  };
  const columns: Column<Decision>[] = [
    { header: 'Time', cell: (d) => new Date(d.timestamp).toLocaleTimeString() },
    { header: 'Path', cell: (d) => <code>{d.path}</code> },
    { header: 'Subject', cell: (d) => subjectOf(d.input) ?? <span class="muted">—</span> },
    { header: 'Outcome', cell: (d) => <OutcomeText outcome={d.outcome} /> },
    { header: 'Reasons', cell: (d) => <>{d.reason && <code>{d.reason}</code>} {d.reasons.join('; ')}</> },
    { header: 'Revision', cell: (d) => d.revision },
    { header: 'Latency', cell: (d) => `${d.latency_us} µs` },
    {
      header: 'Details',
      actions: true,
      cell: (d) => (
        <button type="button" class="link" aria-expanded={open === d.decision_id} onClick={() => setOpen(open === d.decision_id ? null : d.decision_id)}>
          {open === d.decision_id ? 'Hide' : 'Show'}
          <span class="sr-only"> input and result</span>
        </button>
      ),
    },
  ];

  return (
    <section>
      <PageTitle>Decisions</PageTitle>
      <ErrorAlert error={stats.error} />
      {stats.data && <RateChart stats={stats.data} />}
      <FilterBar label="Search decisions">
        <Field label="Subject" id="d-subject" {...filter.bind('subject')} />
        <Field label="Path" id="d-path" {...filter.bind('path')} placeholder="authz/allow" />
        <Select label="Outcome" id="d-outcome" value={f.outcome} onChange={(v) => filter.set('outcome', v)} options={OUTCOME_OPTIONS} />
        <Field label="Reason contains" id="d-reason" {...filter.bind('reason')} placeholder="new origin" />
        <Field label="Revision" id="d-revision" inputMode="numeric" {...filter.bind('revision')} />
        <Field label="Since" id="d-since" type="datetime-local" {...filter.bind('since')} />
        <Field label="Until" id="d-until" type="datetime-local" {...filter.bind('until')} />
        <label class="check">
          <input type="checkbox" checked={auto} aria-describedby="d-auto-hint" onChange={(e) => follow((e.currentTarget as HTMLInputElement).checked)} /> Auto-refresh
        </label>
        <small id="d-auto-hint" class="hint check-hint">{list.offset > 0 ? 'Paused on older decisions; turn it on for the newest.' : 'Shows the newest decisions as they arrive.'}</small>
      </FilterBar>
      <LoadedList load={list} what="decisions" empty="No decisions match." onPage={onPage}>
        {(page) => (
          <DataTable
            caption={`Decisions, newest first (${page.total} match)`}
            testId="decisions"
            stacked
            columns={columns}
            rows={page.items}
            rowKey={(d) => d.decision_id}
            row={(d) => ({ class: d.outcome === 'allow' ? '' : 'deny' })}
            detail={(d) =>
              open === d.decision_id && (
                <>
                  <div class="two-col">
                    <Json value={d.input} label="Input" />
                    <Json value={d.result} label="Result" />
                  </div>
                  <small class="muted">decision {d.decision_id} · agent {d.agent_id}</small>
                </>
              )
            }
          />
        )}
      </LoadedList>
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
