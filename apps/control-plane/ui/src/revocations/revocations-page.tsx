/** Revocations: revoke a subject, token, session or service; watch it reach the fleet; lift it. */
import { useState } from 'preact/hooks';
import { del, post } from '../api/client';
import type { Revocation, RevocationKind } from '../api/types';
import { DataTable, type Column } from '../components/data-table';
import { useConfirmedChange } from '../components/dialog';
import { Rollout } from '../components/rollout';
import { StatusAlert, useSubmit, type Status } from '../components/form-status';
import { LoadedList, useListPage } from '../components/loaded-list';
import { Ago, Alert, ErrorAlert, Expiry, Field, localToIso, PageTitle, Select } from '../components/ui';

const KINDS: readonly (readonly [RevocationKind, string])[] = [
  ['subject', 'Subject (user)'],
  ['token_id', 'Token id (jti)'],
  ['session', 'Session'],
  ['service', 'Service'],
];

export function RevocationsPage() {
  const list = useListPage<Revocation>('/v1/revocations');
  const [status, setStatus] = useState<Status>(null);
  const [confirmation, change] = useConfirmedChange(setStatus);
  const lift = (r: Revocation) =>
    change({
      title: `Lift the revocation of ${r.value}?`,
      body: <p>Agents stop denying {r.kind} {r.value} on account of this revocation with the next revision.</p>,
      confirmLabel: 'Lift revocation',
      run: () => del<{ revision: number }>(`/v1/revocations/${r.id}`),
      done: (res) => `Lifted at revision ${res.revision}.`,
      then: list.reload,
    });
  const columns: Column<Revocation>[] = [
    { header: 'Kind', cell: (r) => r.kind },
    { header: 'Value', cell: (r) => <strong>{r.value}</strong> },
    { header: 'Reason', cell: (r) => r.reason ?? <span class="muted">—</span> },
    { header: 'Expires', cell: (r) => <Expiry at={r.expiresAt} /> },
    { header: 'Revision', cell: (r) => <>{r.revision} <Ago at={r.createdAt} /></> },
    { header: 'Reached', cell: (r) => (r.status === 'active' ? <Rollout revision={r.revision} compact /> : 'expired') },
    {
      header: 'Actions',
      actions: true,
      cell: (r) => (
        <button type="button" onClick={() => lift(r)}>
          Lift<span class="sr-only"> revocation of {r.value}</span>
        </button>
      ),
    },
  ];
  return (
    <section>
      {confirmation}
      <PageTitle>Revocations</PageTitle>
      <p class="muted">A revocation denies on the next request at every agent, whatever the policy says.</p>
      <RevokeForm onDone={list.reloadFirst} />
      <StatusAlert status={status} />
      <LoadedList load={list} what="revocations" empty="Nothing is revoked.">
        {(page) => <DataTable caption="Revocations" testId="revocations" columns={columns} rows={page.items} rowKey={(r) => r.id} row={(r) => ({ class: r.status === 'expired' ? 'muted-row' : '' })} />}
      </LoadedList>
    </section>
  );
}

function RevokeForm(props: { onDone: () => void }) {
  const [kind, setKind] = useState<RevocationKind>('subject');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState('');
  const [result, setResult] = useState<{ revision: number; value: string } | null>(null);
  const { onSubmit, busy, error } = useSubmit(async () => {
    if (!value.trim()) throw new Error('Enter what to revoke.');
    const r = await post<Revocation>('/v1/revocations', { kind, value: value.trim(), ...(reason.trim() ? { reason: reason.trim() } : {}), ...(expires ? { expiresAt: localToIso(expires) } : {}) });
    setResult({ revision: r.revision, value: r.value });
    setValue('');
    setReason('');
    setExpires('');
    props.onDone();
  });
  return (
    <form class="row-form card" onSubmit={onSubmit} aria-label="Revoke">
      <Select label="Kind" id="rv-kind" value={kind} options={KINDS} onChange={setKind} />
      <Field label="Value" id="rv-value" value={value} onInput={setValue} placeholder="alice" required />
      <Field label="Reason (optional)" id="rv-reason" value={reason} onInput={setReason} placeholder="laptop stolen" />
      <Field label="Expires (optional)" id="rv-expires" type="datetime-local" value={expires} onInput={setExpires} />
      <button type="submit" class="danger-solid" disabled={busy}>
        Revoke
      </button>
      <ErrorAlert error={error} />
      {result && (
        <Alert kind="ok">
          Revoked {result.value} at revision {result.revision}: <Rollout revision={result.revision} />
        </Alert>
      )}
    </form>
  );
}
