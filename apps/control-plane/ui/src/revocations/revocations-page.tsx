/** Revocations: revoke a subject, token, session or service; watch it reach the fleet; lift it. */
import { useState } from 'preact/hooks';
import { del, errorText, get, post } from '../api/client';
import type { Page, Revocation, RevocationKind } from '../api/types';
import { useConfirm } from '../components/dialog';
import { Rollout } from '../components/rollout';
import { Ago, Alert, Empty, ErrorAlert, Field, Loading, localToIso, PageTitle, Select, useLoad } from '../components/ui';

const KINDS: readonly (readonly [RevocationKind, string])[] = [
  ['subject', 'Subject (user)'],
  ['token_id', 'Token id (jti)'],
  ['session', 'Session'],
  ['service', 'Service'],
];

export function RevocationsPage() {
  const list = useLoad((s) => get<Page<Revocation>>('/v1/revocations?limit=200', s), []);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [confirmation, ask] = useConfirm();
  return (
    <section>
      {confirmation}
      <PageTitle>Revocations</PageTitle>
      <p class="muted">A revocation denies on the next request at every agent, whatever the policy says.</p>
      <RevokeForm onDone={list.reload} />
      {status && <Alert kind={status.kind}>{status.text}</Alert>}
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {list.loading && !list.data && <Loading what="revocations" />}
      {list.data && list.data.items.length === 0 && <Empty>Nothing is revoked.</Empty>}
      {list.data && list.data.items.length > 0 && (
        <div class="table-wrap">
          <table class="table" data-testid="revocations">
            <caption class="sr-only">Revocations</caption>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Value</th>
                <th scope="col">Reason</th>
                <th scope="col">Expires</th>
                <th scope="col">Revision</th>
                <th scope="col">Reached</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((r) => (
                <tr key={r.id} class={r.status === 'expired' ? 'muted-row' : ''}>
                  <td>{r.kind}</td>
                  <td>
                    <strong>{r.value}</strong>
                  </td>
                  <td>{r.reason ?? <span class="muted">—</span>}</td>
                  <td>{r.expiresAt ? new Date(r.expiresAt).toLocaleString() : <span class="muted">never</span>}</td>
                  <td>
                    {r.revision} <Ago at={r.createdAt} />
                  </td>
                  <td>{r.status === 'active' ? <Rollout revision={r.revision} compact /> : 'expired'}</td>
                  <td class="row-actions">
                    <button
                      type="button"
                      onClick={async () => {
                        const body = <p>Agents stop denying {r.kind} {r.value} on account of this revocation with the next revision.</p>;
                        if (!(await ask({ title: `Lift the revocation of ${r.value}?`, body, confirmLabel: 'Lift revocation' }))) return;
                        try {
                          const res = await del<{ revision: number }>(`/v1/revocations/${r.id}`);
                          setStatus({ kind: 'ok', text: `Lifted at revision ${res.revision}.` });
                        } catch (e) {
                          setStatus({ kind: 'error', text: errorText(e) });
                        }
                        list.reload();
                      }}
                    >
                      Lift<span class="sr-only"> revocation of {r.value}</span>
                    </button>
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

function RevokeForm(props: { onDone: () => void }) {
  const [kind, setKind] = useState<RevocationKind>('subject');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState('');
  const [result, setResult] = useState<{ revision: number; value: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function revoke(e: Event) {
    e.preventDefault();
    if (!value.trim()) return setError('Enter what to revoke.');
    setError(null);
    try {
      const r = await post<Revocation>('/v1/revocations', { kind, value: value.trim(), ...(reason.trim() ? { reason: reason.trim() } : {}), ...(expires ? { expiresAt: localToIso(expires) } : {}) });
      setResult({ revision: r.revision, value: r.value });
      setValue('');
      setReason('');
      setExpires('');
      props.onDone();
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <form class="row-form card" onSubmit={revoke} aria-label="Revoke">
      <Select label="Kind" id="rv-kind" value={kind} options={KINDS} onChange={setKind} />
      <Field label="Value" id="rv-value" value={value} onInput={setValue} placeholder="alice" required />
      <Field label="Reason (optional)" id="rv-reason" value={reason} onInput={setReason} placeholder="laptop stolen" />
      <Field label="Expires (optional)" id="rv-expires" type="datetime-local" value={expires} onInput={setExpires} />
      <button type="submit" class="danger-solid">
        Revoke
      </button>
      {error && <Alert kind="error">{error}</Alert>}
      {result && (
        <Alert kind="ok">
          Revoked {result.value} at revision {result.revision}: <Rollout revision={result.revision} />
        </Alert>
      )}
    </form>
  );
}
