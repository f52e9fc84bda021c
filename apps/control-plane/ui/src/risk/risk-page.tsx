/**
 * Risk: the fleet's risk by subject and service with the reasons agents gave, the
 * containment rules, and the automatic actions they took, each with a revert button
 * (reverting lifts the revocation or signal as an audited revision).
 */
import { useState } from 'preact/hooks';
import { del, get, post } from '../api/client';
import type { ContainmentAction, ContainmentRule, FleetRiskEntry } from '../api/types';
import { DataTable, type Column } from '../components/data-table';
import { useConfirmedChange } from '../components/dialog';
import { StatusAlert, useSubmit, type Status } from '../components/form-status';
import { LoadedList, useListPage } from '../components/loaded-list';
import { Ago, ErrorAlert, Field, PageTitle, percent, ScoreMeter, Select, useInterval, useLoad } from '../components/ui';

const FLEET_COLUMNS: Column<FleetRiskEntry>[] = [
  { header: 'Kind', cell: (f) => f.target },
  { header: 'Value', cell: (f) => <strong>{f.value}</strong> },
  { header: 'Score', cell: (f) => <ScoreMeter value={f.score} what="risk" /> },
  {
    header: 'Reasons',
    cell: (f) => (
      <ul class="reasons">
        {f.reasons.slice(0, 4).map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
    ),
  },
  { header: 'Reported by', cell: (f) => f.reports.map((r) => `${r.agent ?? r.service} (${percent(r.score)})`).join(', ') },
  { header: 'Updated', cell: (f) => <>rev {f.revision} <Ago at={f.updatedAt} /></> },
];

export function RiskPage() {
  const fleet = useListPage<FleetRiskEntry>('/v1/risk/fleet');
  const rules = useLoad((s) => get<ContainmentRule[]>('/v1/risk/rules', s), []);
  const actions = useListPage<ContainmentAction>('/v1/risk/actions', {}, { limit: 50 });
  const [status, setStatus] = useState<Status>(null);
  const [confirmation, change] = useConfirmedChange(setStatus);
  useInterval(() => {
    fleet.reload();
    actions.reload();
  }, 3000);

  const deleteRule = (r: ContainmentRule) =>
    change({
      title: `Delete the containment rule ${r.name}?`,
      body: <p>It no longer acts on fleet risk. Actions it already took are listed below and can still be reverted.</p>,
      confirmLabel: 'Delete rule',
      danger: true,
      run: () => del<{ revision: number }>(`/v1/risk/rules/${r.id}`),
      done: (res) => `Rule ${r.name} deleted at revision ${res.revision}.`,
      then: rules.reload,
    });
  const revert = (a: ContainmentAction) =>
    change({
      title: `Revert: lift the ${a.action} of ${a.target} ${a.value}?`,
      body: <p>Agents stop applying it with the next revision. The rule does not fire again on {a.value} before its duration has passed.</p>,
      confirmLabel: 'Revert',
      run: () => post<{ revision: number }>(`/v1/risk/actions/${a.id}/revert`),
      done: (res) => `Reverted at revision ${res.revision}.`,
      then: actions.reload,
    });

  const ruleColumns: Column<ContainmentRule>[] = [
    { header: 'Rule', cell: (r) => <strong>{r.name}</strong> },
    { header: 'When', cell: (r) => <>{r.target} fleet risk &gt; {r.threshold}</> },
    { header: 'Then', cell: (r) => <>{r.action === 'revoke' ? 'revoke' : 'raise a "contained" signal'} for {r.durationSeconds} s</> },
    { header: 'Enabled', cell: (r) => (r.enabled ? 'yes' : 'no') },
    {
      header: 'Actions',
      actions: true,
      cell: (r) => (
        <button type="button" onClick={() => deleteRule(r)}>
          Delete<span class="sr-only"> rule {r.name}</span>
        </button>
      ),
    },
  ];
  const actionColumns: Column<ContainmentAction>[] = [
    { header: 'When', cell: (a) => <>rev {a.revision} <Ago at={a.createdAt} /></> },
    { header: 'Rule', cell: (a) => a.ruleName },
    { header: 'Action', cell: (a) => <>{a.action} {a.target} <strong>{a.value}</strong></> },
    { header: 'Why', cell: (a) => `fleet risk ${percent(a.score)}${a.reasons[0] ? `: ${a.reasons[0]}` : ''}` },
    { header: 'Until', cell: (a) => new Date(a.expiresAt).toLocaleString() },
    {
      header: 'State',
      actions: true,
      cell: (a) =>
        a.revertedAt ? (
          <span>
            reverted by {a.revertedBy} at rev {a.revertRevision}
          </span>
        ) : (
          <button type="button" onClick={() => revert(a)}>
            Revert<span class="sr-only"> action on {a.value}</span>
          </button>
        ),
    },
  ];

  return (
    <section>
      {confirmation}
      <PageTitle>Risk</PageTitle>
      <p class="muted">Agents score every subject and calling service from their own traffic; the control plane combines the scores across the fleet and pushes them back.</p>
      <StatusAlert status={status} />

      <h2>Fleet risk</h2>
      <LoadedList load={fleet} what="fleet risk" empty="Nothing is risky right now.">
        {(page) => <DataTable caption="Fleet risk by subject and service" testId="fleet-risk" columns={FLEET_COLUMNS} rows={page.items} rowKey={(f) => `${f.target}:${f.value}`} row={(f) => ({ class: f.score >= 0.9 ? 'drift' : '' })} />}
      </LoadedList>

      <h2>Containment rules</h2>
      <RuleForm onDone={rules.reload} report={setStatus} />
      <LoadedList load={rules} what="containment rules" empty="No containment rules: risk is only shown to policies.">
        {(list) => <DataTable caption="Containment rules" testId="containment-rules" columns={ruleColumns} rows={list} rowKey={(r) => r.id} row={(r) => ({ class: r.enabled ? '' : 'muted-row', 'data-rule': r.name })} />}
      </LoadedList>

      <h2>Automatic actions</h2>
      <LoadedList load={actions} what="automatic actions" empty="No rule has fired.">
        {(page) => <DataTable caption="Automatic containment actions" testId="containment-actions" columns={actionColumns} rows={page.items} rowKey={(a) => a.id} row={(a) => ({ class: a.revertedAt ? 'muted-row' : '', 'data-action': a.value })} />}
      </LoadedList>
    </section>
  );
}

const TARGETS: readonly (readonly ['subject' | 'service', string])[] = [
  ['subject', 'Subject'],
  ['service', 'Service'],
];
const ACTIONS: readonly (readonly ['revoke' | 'signal', string])[] = [
  ['revoke', 'Revoke'],
  ['signal', 'Raise a signal'],
];

function RuleForm(props: { onDone: () => void; report: (s: Status) => void }) {
  const [name, setName] = useState('');
  const [target, setTarget] = useState<'subject' | 'service'>('subject');
  const [threshold, setThreshold] = useState('0.9');
  const [action, setAction] = useState<'revoke' | 'signal'>('revoke');
  const [duration, setDuration] = useState('900');
  const { onSubmit, busy, error } = useSubmit(async () => {
    const r = await post<ContainmentRule & { actions: string[] }>('/v1/risk/rules', { name: name.trim(), target, threshold: Number(threshold), action, durationSeconds: Number(duration) });
    props.report({ kind: 'ok', text: `Rule ${r.name} added at revision ${r.revision}${r.actions.length ? `; it fired ${r.actions.length} time(s) on current risk` : ''}.` });
    setName('');
    props.onDone();
  });
  return (
    <form class="row-form card" onSubmit={onSubmit} aria-label="Add a containment rule">
      <Field label="Name" id="cr-name" value={name} onInput={setName} placeholder="contain-risky-subjects" required />
      <Select label="When the fleet risk of a" id="cr-target" value={target} options={TARGETS} onChange={setTarget} />
      <Field label="exceeds" id="cr-threshold" value={threshold} inputMode="text" onInput={setThreshold} />
      <Select label="then" id="cr-action" value={action} options={ACTIONS} onChange={setAction} />
      <Field label="for (seconds)" id="cr-duration" value={duration} inputMode="numeric" onInput={setDuration} />
      <button type="submit" disabled={busy}>
        Add rule
      </button>
      <ErrorAlert error={error} />
    </form>
  );
}
