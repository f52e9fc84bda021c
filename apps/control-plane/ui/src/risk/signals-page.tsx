/**
 * Signals: the signals in force about subjects and services (post one, lift one; each is a
 * revision agents apply, and policies see it in input.vigil), the OpenID Shared Signals
 * transmitters whose security event tokens are accepted (add, remove), and the recent
 * receipts: what every event of every token became.
 */
import { useState } from 'preact/hooks';
import { del, get, post } from '../api/client';
import type { SetReceipt, SignalEntry, Transmitter } from '../api/types';
import { DataTable, type Column } from '../components/data-table';
import { useConfirmedChange } from '../components/dialog';
import { FilterBar } from '../components/filter-bar';
import { StatusAlert, useSubmit, type Status } from '../components/form-status';
import { LoadedList, useListPage } from '../components/loaded-list';
import { Ago, ErrorAlert, Expiry, Field, localToIso, PageTitle, ScoreMeter, Select, useInterval, useLoad } from '../components/ui';

type Target = 'subject' | 'service';

const TARGETS: readonly (readonly [Target, string])[] = [
  ['subject', 'Subject'],
  ['service', 'Service'],
];
const CAEP = 'https://schemas.openid.net/secevent/caep/event-type/';
const RISC = 'https://schemas.openid.net/secevent/risc/event-type/';
/** `…/caep/event-type/session-revoked` → `caep session-revoked`. */
export const eventName = (uri: string) => (uri.startsWith(CAEP) ? `caep ${uri.slice(CAEP.length)}` : uri.startsWith(RISC) ? `risc ${uri.slice(RISC.length)}` : uri);

const RECEIPT_COLUMNS: Column<SetReceipt>[] = [
  { header: 'Received', cell: (r) => <Ago at={r.receivedAt} /> },
  { header: 'Transmitter', cell: (r) => r.transmitter ?? <span class="muted">removed ({r.issuer})</span> },
  { header: 'Token', cell: (r) => <code>{r.jti}</code> },
  {
    header: 'Events and what they became',
    label: 'Became',
    cell: (r) => (
      <ul class="reasons">
        {r.outcome.map((o, i) => (
          <li key={i}>
            {eventName(o.event)} → <strong>{o.action}</strong> {o.detail}
            {o.revision !== null ? ` (revision ${o.revision})` : ''}
          </li>
        ))}
      </ul>
    ),
  },
];

export function SignalsPage() {
  const signals = useListPage<SignalEntry>('/v1/signals');
  const transmitters = useLoad((s) => get<Transmitter[]>('/v1/shared-signals/transmitters', s), []);
  const [from, setFrom] = useState('');
  const receipts = useListPage<SetReceipt>('/v1/shared-signals/receipts', { transmitter_id: from }, { limit: 50 });
  const [status, setStatus] = useState<Status>(null);
  const [confirmation, change] = useConfirmedChange(setStatus);
  // Signals and receipts change without this page doing anything (tokens arrive, signals expire).
  useInterval(() => {
    signals.reload();
    receipts.reload();
  }, 3000);

  const lift = (s: SignalEntry) =>
    change({
      title: `Lift the ${s.name} signal of ${s.value}?`,
      body: <p>Agents stop showing {s.name} for {s.target} {s.value} to policies with the next revision.</p>,
      confirmLabel: 'Lift signal',
      run: () => del<{ revision: number }>(`/v1/signals/${s.id}`),
      done: (res) => `Lifted ${s.name} of ${s.value} at revision ${res.revision}.`,
      then: signals.reload,
    });
  const remove = (t: Transmitter) =>
    change({
      title: `Remove the transmitter ${t.name}?`,
      body: <p>Security event tokens from {t.issuer} will be refused. What its earlier tokens did (revocations, signals) stays.</p>,
      confirmLabel: 'Remove transmitter',
      danger: true,
      run: async () => {
        await del(`/v1/shared-signals/transmitters/${t.id}`);
        if (from === t.id) setFrom('');
      },
      done: () => `Removed the transmitter ${t.name}.`,
      then: transmitters.reload,
    });
  const reported = (reload: () => void) => (text: string) => {
    setStatus({ kind: 'ok', text });
    reload();
  };

  const signalColumns: Column<SignalEntry>[] = [
    { header: 'About', cell: (s) => <>{s.target} <strong>{s.value}</strong></> },
    { header: 'Signal', cell: (s) => <code>{s.name}</code> },
    { header: 'Level', cell: (s) => <ScoreMeter value={s.level} what="level" /> },
    { header: 'Reason', cell: (s) => s.reason ?? <span class="muted">—</span> },
    { header: 'Source', cell: (s) => s.source },
    { header: 'Expires', cell: (s) => <Expiry at={s.expiresAt} /> },
    { header: 'Revision', cell: (s) => <>{s.revision} <Ago at={s.createdAt} /></> },
    {
      header: 'Actions',
      actions: true,
      cell: (s) => (
        <button type="button" onClick={() => lift(s)}>
          Lift<span class="sr-only"> {s.name} signal of {s.value}</span>
        </button>
      ),
    },
  ];
  const transmitterColumns: Column<Transmitter>[] = [
    { header: 'Name', cell: (t) => <strong>{t.name}</strong> },
    { header: 'Issuer', cell: (t) => <code>{t.issuer}</code> },
    { header: 'Audience', cell: (t) => t.audience ?? <span class="muted">any</span> },
    { header: 'Keys', cell: (t) => (t.jwksUri ? <code>{t.jwksUri}</code> : `${t.keys ?? 0} static`) },
    { header: 'Session revocations', cell: (t) => `${t.revokeSeconds} s` },
    { header: 'Added', cell: (t) => <>{t.createdBy} <Ago at={t.createdAt} /></> },
    {
      header: 'Actions',
      actions: true,
      cell: (t) => (
        <>
          <button type="button" class="link" onClick={() => setFrom(t.id)} aria-controls="receipts-heading">
            Receipts<span class="sr-only"> of {t.name}</span>
          </button>{' '}
          <button type="button" onClick={() => remove(t)}>
            Remove<span class="sr-only"> transmitter {t.name}</span>
          </button>
        </>
      ),
    },
  ];

  return (
    <section>
      {confirmation}
      <PageTitle>Signals</PageTitle>
      <p class="muted">Signals tell policies what others know about a subject or service (an identity provider, a scanner, a containment rule); agents show them in input.vigil.</p>
      <StatusAlert status={status} />

      <h2 id="signals-heading">Signals in force</h2>
      <SignalForm onDone={reported(signals.reloadFirst)} />
      <LoadedList load={signals} what="signals" empty="No signals are in force.">
        {(page) => <DataTable caption={`Signals in force (${page.total})`} testId="signals" stacked columns={signalColumns} rows={page.items} rowKey={(s) => s.id} row={(s) => ({ 'data-signal': `${s.target}:${s.value}:${s.name}` })} />}
      </LoadedList>

      <h2>Shared Signals transmitters</h2>
      <p class="muted">
        Identity providers and device managers push CAEP / RISC security event tokens to <code>POST /v1/shared-signals/events</code>; tokens from a transmitter listed here, signed by its keys, become revocations or signals.
      </p>
      <TransmitterForm onDone={reported(transmitters.reload)} />
      <LoadedList load={transmitters} what="transmitters" empty="No transmitters: no security event token is accepted.">
        {(list) => <DataTable caption="Shared Signals transmitters" testId="transmitters" stacked columns={transmitterColumns} rows={list} rowKey={(t) => t.id} row={(t) => ({ 'data-transmitter': t.name })} />}
      </LoadedList>

      <h2 id="receipts-heading">Recent receipts</h2>
      <FilterBar label="Filter receipts">
        <Select label="Transmitter" id="rc-from" value={from} onChange={setFrom} options={[['', 'all'], ...(transmitters.data ?? []).map((t) => [t.id, t.name] as const)]} />
      </FilterBar>
      <LoadedList load={receipts} what="receipts" empty={`No security event token received${from ? ' from this transmitter' : ''}.`}>
        {(page) => <DataTable caption={`Recent security event tokens and what each event became (${page.total} in all)`} testId="receipts" stacked columns={RECEIPT_COLUMNS} rows={page.items} rowKey={(r) => `${r.issuer} ${r.jti}`} />}
      </LoadedList>
    </section>
  );
}

function SignalForm(props: { onDone: (text: string) => void }) {
  const [target, setTarget] = useState<Target>('subject');
  const [value, setValue] = useState('');
  const [name, setName] = useState('');
  const [level, setLevel] = useState('0.9');
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState('');
  const { onSubmit, busy, error } = useSubmit(async () => {
    const n = Number(level);
    if (level.trim() === '' || !(n >= 0 && n <= 1)) throw new Error('Level must be a number from 0 to 1.');
    const s = await post<SignalEntry>('/v1/signals', {
      target,
      value: value.trim(),
      name: name.trim(),
      level: n,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(expires ? { expiresAt: localToIso(expires) } : {}),
    });
    setValue('');
    setReason('');
    setExpires('');
    props.onDone(`Signal ${s.name} = ${s.level} for ${s.target} ${s.value} at revision ${s.revision}.`);
  });
  return (
    <form class="row-form card" onSubmit={onSubmit} aria-label="Post a signal">
      <Select label="About a" id="sg-target" value={target} options={TARGETS} onChange={setTarget} />
      <Field label="Value" id="sg-value" value={value} onInput={setValue} placeholder="alice" required />
      <Field label="Signal" id="sg-name" value={name} onInput={setName} placeholder="compromised" required hint="a later signal with the same name replaces it" />
      <Field label="Level (0 to 1)" id="sg-level" value={level} onInput={setLevel} inputMode="text" />
      <Field label="Reason (optional)" id="sg-reason" value={reason} onInput={setReason} placeholder="password found in a breach" />
      <Field label="Expires (optional)" id="sg-expires" type="datetime-local" value={expires} onInput={setExpires} />
      <button type="submit" disabled={busy}>
        {busy ? 'Posting…' : 'Post signal'}
      </button>
      <ErrorAlert error={error} />
    </form>
  );
}

type KeySource = 'uri' | 'jwks';
const KEY_SOURCES: readonly (readonly [KeySource, string])[] = [
  ['uri', 'fetched from a JWKS URL'],
  ['jwks', 'a JWKS pasted here'],
];

/** A pasted JWKS, or an error that says what to paste. */
function parseJwks(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('The JWKS is not valid JSON: paste the {"keys": [...]} document the transmitter publishes.');
  }
}

function TransmitterForm(props: { onDone: (text: string) => void }) {
  const [name, setName] = useState('');
  const [issuer, setIssuer] = useState('');
  const [audience, setAudience] = useState('');
  const [source, setSource] = useState<KeySource>('uri');
  const [jwksUri, setJwksUri] = useState('');
  const [jwks, setJwks] = useState('');
  const [revokeSeconds, setRevokeSeconds] = useState('900');
  const { onSubmit, busy, error } = useSubmit(async () => {
    const t = await post<Transmitter>('/v1/shared-signals/transmitters', {
      name: name.trim(),
      issuer: issuer.trim(),
      ...(audience.trim() ? { audience: audience.trim() } : {}),
      ...(source === 'uri' ? { jwksUri: jwksUri.trim() } : { jwks: parseJwks(jwks) }),
      ...(revokeSeconds.trim() ? { revokeSeconds: Number(revokeSeconds) } : {}),
    });
    setName('');
    setIssuer('');
    setAudience('');
    setJwksUri('');
    setJwks('');
    props.onDone(`Transmitter ${t.name} added: tokens from ${t.issuer} are accepted.`);
  });
  return (
    <form class="card" onSubmit={onSubmit} aria-label="Add a transmitter">
      <div class="row-form">
        <Field label="Name" id="tx-name" value={name} onInput={setName} placeholder="corp-idp" required />
        <Field label="Issuer (iss)" id="tx-issuer" value={issuer} onInput={setIssuer} placeholder="https://idp.example.com" required />
        <Field label="Audience (optional)" id="tx-audience" value={audience} onInput={setAudience} placeholder="https://vigil.example.com" />
        <Field label="Session revocations last (seconds)" id="tx-revoke" value={revokeSeconds} onInput={setRevokeSeconds} inputMode="numeric" />
        <Select label="Keys" id="tx-source" value={source} options={KEY_SOURCES} onChange={setSource} />
        {source === 'uri' && <Field label="JWKS URL" id="tx-jwks-uri" value={jwksUri} onInput={setJwksUri} placeholder="https://idp.example.com/jwks.json" required />}
      </div>
      {source === 'jwks' && (
        <div class="field">
          <label for="tx-jwks">JWKS</label>
          <textarea id="tx-jwks" class="code" rows={5} spellcheck={false} value={jwks} onInput={(e) => setJwks((e.currentTarget as HTMLTextAreaElement).value)} placeholder={'{"keys": [{"kty": "EC", "crv": "P-256", "x": "…", "y": "…", "kid": "…"}]}'} aria-describedby="tx-jwks-hint" required />
          <small id="tx-jwks-hint" class="hint">
            Public keys only; tokens must be signed with one of them (RS/PS/ES/EdDSA).
          </small>
        </div>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Adding…' : 'Add transmitter'}
      </button>
      <ErrorAlert error={error} />
    </form>
  );
}
