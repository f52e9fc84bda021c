/**
 * Risk: the fleet's risk by subject and service with the reasons agents gave, the
 * containment rules, and the automatic actions they took, each with a revert button
 * (reverting lifts the revocation or signal as an audited revision).
 */
import { useState } from 'preact/hooks';
import { del, errorText, get, post } from '../api/client';
import type { ContainmentAction, ContainmentRule, FleetRiskEntry, Page } from '../api/types';
import { Ago, Alert, Empty, ErrorAlert, Field, PageTitle, Select, useInterval, useLoad } from '../components/ui';

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function RiskPage() {
  const fleet = useLoad((s) => get<Page<FleetRiskEntry>>('/v1/risk/fleet?limit=100', s), []);
  const rules = useLoad((s) => get<ContainmentRule[]>('/v1/risk/rules', s), []);
  const actions = useLoad((s) => get<Page<ContainmentAction>>('/v1/risk/actions?limit=50', s), []);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  useInterval(() => {
    fleet.reload();
    actions.reload();
  }, 3000);
  const report = (kind: 'ok' | 'error', text: string) => setStatus({ kind, text });
  return (
    <section>
      <PageTitle>Risk</PageTitle>
      <p class="muted">Agents score every subject and calling service from their own traffic; the control plane combines the scores across the fleet and pushes them back.</p>
      {status && <Alert kind={status.kind}>{status.text}</Alert>}

      <h2>Fleet risk</h2>
      <ErrorAlert error={fleet.error} />
      {fleet.data && fleet.data.items.length === 0 && <Empty>Nothing is risky right now.</Empty>}
      {fleet.data && fleet.data.items.length > 0 && (
        <div class="table-wrap">
          <table class="table" data-testid="fleet-risk">
            <caption class="sr-only">Fleet risk by subject and service</caption>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Value</th>
                <th scope="col">Score</th>
                <th scope="col">Reasons</th>
                <th scope="col">Reported by</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {fleet.data.items.map((f) => (
                <tr key={`${f.target}:${f.value}`} class={f.score >= 0.9 ? 'drift' : ''}>
                  <td>{f.target}</td>
                  <td>
                    <strong>{f.value}</strong>
                  </td>
                  <td>
                    <meter min={0} max={1} value={f.score} low={0.4} high={0.8} optimum={0} aria-label={`risk ${pct(f.score)}`} /> {pct(f.score)}
                  </td>
                  <td>
                    <ul class="reasons">
                      {f.reasons.slice(0, 4).map((r) => (
                        <li key={r}>{r}</li>
                      ))}
                    </ul>
                  </td>
                  <td>{f.reports.map((r) => `${r.agent ?? r.service} (${pct(r.score)})`).join(', ')}</td>
                  <td>
                    rev {f.revision} <Ago at={f.updatedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Containment rules</h2>
      <RuleForm onDone={rules.reload} report={report} />
      <ErrorAlert error={rules.error} />
      {rules.data && rules.data.length === 0 && <Empty>No containment rules: risk is only shown to policies.</Empty>}
      {rules.data && rules.data.length > 0 && (
        <div class="table-wrap">
          <table class="table" data-testid="containment-rules">
            <caption class="sr-only">Containment rules</caption>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">When</th>
                <th scope="col">Then</th>
                <th scope="col">Enabled</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.data.map((r) => (
                <tr key={r.id} class={r.enabled ? '' : 'muted-row'}>
                  <td>
                    <strong>{r.name}</strong>
                  </td>
                  <td>
                    {r.target} fleet risk &gt; {r.threshold}
                  </td>
                  <td>
                    {r.action === 'revoke' ? 'revoke' : 'raise a "contained" signal'} for {r.durationSeconds} s
                  </td>
                  <td>{r.enabled ? 'yes' : 'no'}</td>
                  <td class="row-actions">
                    <button
                      type="button"
                      onClick={async () => {
                        if (!confirm(`Delete the containment rule ${r.name}?`)) return;
                        try {
                          const res = await del<{ revision: number }>(`/v1/risk/rules/${r.id}`);
                          report('ok', `Rule ${r.name} deleted at revision ${res.revision}.`);
                        } catch (e) {
                          report('error', errorText(e));
                        }
                        rules.reload();
                      }}
                    >
                      Delete<span class="sr-only"> rule {r.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Automatic actions</h2>
      <ErrorAlert error={actions.error} />
      {actions.data && actions.data.items.length === 0 && <Empty>No rule has fired.</Empty>}
      {actions.data && actions.data.items.length > 0 && (
        <div class="table-wrap">
          <table class="table" data-testid="containment-actions">
            <caption class="sr-only">Automatic containment actions</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Rule</th>
                <th scope="col">Action</th>
                <th scope="col">Why</th>
                <th scope="col">Until</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {actions.data.items.map((a) => (
                <tr key={a.id} class={a.revertedAt ? 'muted-row' : ''} data-action={a.value}>
                  <td>
                    rev {a.revision} <Ago at={a.createdAt} />
                  </td>
                  <td>{a.ruleName}</td>
                  <td>
                    {a.action} {a.target} <strong>{a.value}</strong>
                  </td>
                  <td>
                    fleet risk {pct(a.score)}
                    {a.reasons[0] ? `: ${a.reasons[0]}` : ''}
                  </td>
                  <td>{new Date(a.expiresAt).toLocaleString()}</td>
                  <td class="row-actions">
                    {a.revertedAt ? (
                      <span>
                        reverted by {a.revertedBy} at rev {a.revertRevision}
                      </span>
                    ) : (
                      <button
                        type="button"
                        onClick={async () => {
                          if (!confirm(`Revert: lift the ${a.action} of ${a.target} ${a.value}?`)) return;
                          try {
                            const res = await post<{ revision: number }>(`/v1/risk/actions/${a.id}/revert`);
                            report('ok', `Reverted at revision ${res.revision}.`);
                          } catch (e) {
                            report('error', errorText(e));
                          }
                          actions.reload();
                        }}
                      >
                        Revert<span class="sr-only"> action on {a.value}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
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

function RuleForm(props: { onDone: () => void; report: (kind: 'ok' | 'error', text: string) => void }) {
  const [name, setName] = useState('');
  const [target, setTarget] = useState<'subject' | 'service'>('subject');
  const [threshold, setThreshold] = useState('0.9');
  const [action, setAction] = useState<'revoke' | 'signal'>('revoke');
  const [duration, setDuration] = useState('900');
  const [error, setError] = useState<string | null>(null);
  async function add(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      const r = await post<ContainmentRule & { actions: string[] }>('/v1/risk/rules', { name: name.trim(), target, threshold: Number(threshold), action, durationSeconds: Number(duration) });
      props.report('ok', `Rule ${r.name} added at revision ${r.revision}${r.actions.length ? `; it fired ${r.actions.length} time(s) on current risk` : ''}.`);
      setName('');
      props.onDone();
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <form class="row-form card" onSubmit={add} aria-label="Add a containment rule">
      <Field label="Name" id="cr-name" value={name} onInput={setName} placeholder="contain-risky-subjects" required />
      <Select label="When the fleet risk of a" id="cr-target" value={target} options={TARGETS} onChange={setTarget} />
      <Field label="exceeds" id="cr-threshold" value={threshold} inputMode="text" onInput={setThreshold} />
      <Select label="then" id="cr-action" value={action} options={ACTIONS} onChange={setAction} />
      <Field label="for (seconds)" id="cr-duration" value={duration} inputMode="numeric" onInput={setDuration} />
      <button type="submit">Add rule</button>
      {error && <Alert kind="error">{error}</Alert>}
    </form>
  );
}
