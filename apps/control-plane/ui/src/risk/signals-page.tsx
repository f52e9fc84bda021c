/**
 * Signals: the signals in force about subjects and services (post one, lift one; each is a
 * revision agents apply, and policies see it in input.vigil), the OpenID Shared Signals
 * transmitters whose security event tokens are accepted (add, remove), and the recent
 * receipts: what every event of every token became.
 */
import { useState } from 'preact/hooks';
import { del, errorText, get, post, query } from '../api/client';
import type { Page, SetReceipt, SignalEntry, Transmitter } from '../api/types';
import { useConfirm } from '../components/dialog';
import { Ago, Alert, Empty, ErrorAlert, Field, Loading, localToIso, PageTitle, Select, useInterval, useLoad } from '../components/ui';

type Target = 'subject' | 'service';
type Status = { kind: 'ok' | 'error'; text: string } | null;

const TARGETS: readonly (readonly [Target, string])[] = [
  ['subject', 'Subject'],
  ['service', 'Service'],
];
const pct = (x: number) => `${Math.round(x * 100)}%`;
const CAEP = 'https://schemas.openid.net/secevent/caep/event-type/';
const RISC = 'https://schemas.openid.net/secevent/risc/event-type/';
/** `…/caep/event-type/session-revoked` → `caep session-revoked`. */
export const eventName = (uri: string) => (uri.startsWith(CAEP) ? `caep ${uri.slice(CAEP.length)}` : uri.startsWith(RISC) ? `risc ${uri.slice(RISC.length)}` : uri);

export function SignalsPage() {
  const signals = useLoad((s) => get<Page<SignalEntry>>('/v1/signals?limit=200', s), []);
  const transmitters = useLoad((s) => get<Transmitter[]>('/v1/shared-signals/transmitters', s), []);
  const [from, setFrom] = useState('');
  const receipts = useLoad((s) => get<Page<SetReceipt>>(`/v1/shared-signals/receipts${query({ limit: 50, transmitter_id: from })}`, s), [from]);
  const [status, setStatus] = useState<Status>(null);
  const [confirmation, ask] = useConfirm();
  // Signals and receipts change without this page doing anything (tokens arrive, signals expire).
  useInterval(() => {
    signals.reload();
    receipts.reload();
  }, 3000);

  async function lift(s: SignalEntry) {
    const body = <p>Agents stop showing {s.name} for {s.target} {s.value} to policies with the next revision.</p>;
    if (!(await ask({ title: `Lift the ${s.name} signal of ${s.value}?`, body, confirmLabel: 'Lift signal' }))) return;
    try {
      const res = await del<{ revision: number }>(`/v1/signals/${s.id}`);
      setStatus({ kind: 'ok', text: `Lifted ${s.name} of ${s.value} at revision ${res.revision}.` });
    } catch (e) {
      setStatus({ kind: 'error', text: errorText(e) });
    }
    signals.reload();
  }

  async function remove(t: Transmitter) {
    const body = <p>Security event tokens from {t.issuer} will be refused. What its earlier tokens did (revocations, signals) stays.</p>;
    if (!(await ask({ title: `Remove the transmitter ${t.name}?`, body, confirmLabel: 'Remove transmitter', danger: true }))) return;
    try {
      await del(`/v1/shared-signals/transmitters/${t.id}`);
      setStatus({ kind: 'ok', text: `Removed the transmitter ${t.name}.` });
      if (from === t.id) setFrom('');
    } catch (e) {
      setStatus({ kind: 'error', text: errorText(e) });
    }
    transmitters.reload();
  }

  return (
    <section>
      {confirmation}
      <PageTitle>Signals</PageTitle>
      <p class="muted">Signals tell policies what others know about a subject or service (an identity provider, a scanner, a containment rule); agents show them in input.vigil.</p>
      {status && <Alert kind={status.kind}>{status.text}</Alert>}

      <h2 id="signals-heading">Signals in force</h2>
      <SignalForm
        onDone={(text) => {
          setStatus({ kind: 'ok', text });
          signals.reload();
        }}
      />
      <ErrorAlert error={signals.error} onRetry={signals.reload} />
      {signals.loading && !signals.data && <Loading what="signals" />}
      {signals.data && signals.data.items.length === 0 && <Empty>No signals are in force.</Empty>}
      {signals.data && signals.data.items.length > 0 && (
        <div class="table-wrap">
          <table class="table stack" data-testid="signals">
            <caption class="sr-only">Signals in force ({signals.data.total})</caption>
            <thead>
              <tr>
                <th scope="col">About</th>
                <th scope="col">Signal</th>
                <th scope="col">Level</th>
                <th scope="col">Reason</th>
                <th scope="col">Source</th>
                <th scope="col">Expires</th>
                <th scope="col">Revision</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {signals.data.items.map((s) => (
                <tr key={s.id} data-signal={`${s.target}:${s.value}:${s.name}`}>
                  <td data-label="About">
                    <span>
                      {s.target} <strong>{s.value}</strong>
                    </span>
                  </td>
                  <td data-label="Signal">
                    <code>{s.name}</code>
                  </td>
                  <td data-label="Level">
                    <span>
                      <meter min={0} max={1} value={s.level} low={0.4} high={0.8} optimum={0} aria-label={`level ${pct(s.level)}`} /> {pct(s.level)}
                    </span>
                  </td>
                  <td data-label="Reason">{s.reason ?? <span class="muted">—</span>}</td>
                  <td data-label="Source">{s.source}</td>
                  <td data-label="Expires">{s.expiresAt ? new Date(s.expiresAt).toLocaleString() : <span class="muted">never</span>}</td>
                  <td data-label="Revision">
                    <span>
                      {s.revision} <Ago at={s.createdAt} />
                    </span>
                  </td>
                  <td class="row-actions">
                    <button type="button" onClick={() => lift(s)}>
                      Lift<span class="sr-only"> {s.name} signal of {s.value}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Shared Signals transmitters</h2>
      <p class="muted">
        Identity providers and device managers push CAEP / RISC security event tokens to <code>POST /v1/shared-signals/events</code>; tokens from a transmitter listed here, signed by its keys, become revocations or signals.
      </p>
      <TransmitterForm
        onDone={(text) => {
          setStatus({ kind: 'ok', text });
          transmitters.reload();
        }}
      />
      <ErrorAlert error={transmitters.error} onRetry={transmitters.reload} />
      {transmitters.data && transmitters.data.length === 0 && <Empty>No transmitters: no security event token is accepted.</Empty>}
      {transmitters.data && transmitters.data.length > 0 && (
        <div class="table-wrap">
          <table class="table stack" data-testid="transmitters">
            <caption class="sr-only">Shared Signals transmitters</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Issuer</th>
                <th scope="col">Audience</th>
                <th scope="col">Keys</th>
                <th scope="col">Session revocations</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {transmitters.data.map((t) => (
                <tr key={t.id} data-transmitter={t.name}>
                  <td data-label="Name">
                    <strong>{t.name}</strong>
                  </td>
                  <td data-label="Issuer">
                    <code>{t.issuer}</code>
                  </td>
                  <td data-label="Audience">{t.audience ?? <span class="muted">any</span>}</td>
                  <td data-label="Keys">{t.jwksUri ? <code>{t.jwksUri}</code> : `${t.keys ?? 0} static`}</td>
                  <td data-label="Session revocations">{t.revokeSeconds} s</td>
                  <td data-label="Added">
                    <span>
                      {t.createdBy} <Ago at={t.createdAt} />
                    </span>
                  </td>
                  <td class="row-actions">
                    <button type="button" class="link" onClick={() => setFrom(t.id)} aria-controls="receipts-heading">
                      Receipts<span class="sr-only"> of {t.name}</span>
                    </button>{' '}
                    <button type="button" onClick={() => remove(t)}>
                      Remove<span class="sr-only"> transmitter {t.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 id="receipts-heading">Recent receipts</h2>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter receipts">
        <Select label="Transmitter" id="rc-from" value={from} onChange={setFrom} options={[['', 'all'], ...(transmitters.data ?? []).map((t) => [t.id, t.name] as const)]} />
      </form>
      <ErrorAlert error={receipts.error} onRetry={receipts.reload} />
      {receipts.data && receipts.data.items.length === 0 && <Empty>No security event token received{from ? ' from this transmitter' : ''}.</Empty>}
      {receipts.data && receipts.data.items.length > 0 && (
        <div class="table-wrap">
          <table class="table stack" data-testid="receipts">
            <caption class="sr-only">Recent security event tokens and what each event became ({receipts.data.total} in all)</caption>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Transmitter</th>
                <th scope="col">Token</th>
                <th scope="col">Events and what they became</th>
              </tr>
            </thead>
            <tbody>
              {receipts.data.items.map((r) => (
                <tr key={`${r.issuer} ${r.jti}`}>
                  <td data-label="Received">
                    <Ago at={r.receivedAt} />
                  </td>
                  <td data-label="Transmitter">{r.transmitter ?? <span class="muted">removed ({r.issuer})</span>}</td>
                  <td data-label="Token">
                    <code>{r.jti}</code>
                  </td>
                  <td data-label="Became">
                    <ul class="reasons">
                      {r.outcome.map((o, i) => (
                        <li key={i}>
                          {eventName(o.event)} → <strong>{o.action}</strong> {o.detail}
                          {o.revision !== null ? ` (revision ${o.revision})` : ''}
                        </li>
                      ))}
                    </ul>
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

function SignalForm(props: { onDone: (text: string) => void }) {
  const [target, setTarget] = useState<Target>('subject');
  const [value, setValue] = useState('');
  const [name, setName] = useState('');
  const [level, setLevel] = useState('0.9');
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function send(e: Event) {
    e.preventDefault();
    setError(null);
    const n = Number(level);
    if (level.trim() === '' || !(n >= 0 && n <= 1)) return setError(new Error('Level must be a number from 0 to 1.'));
    setBusy(true);
    try {
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
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="row-form card" onSubmit={send} aria-label="Post a signal">
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

function TransmitterForm(props: { onDone: (text: string) => void }) {
  const [name, setName] = useState('');
  const [issuer, setIssuer] = useState('');
  const [audience, setAudience] = useState('');
  const [source, setSource] = useState<KeySource>('uri');
  const [jwksUri, setJwksUri] = useState('');
  const [jwks, setJwks] = useState('');
  const [revokeSeconds, setRevokeSeconds] = useState('900');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function add(e: Event) {
    e.preventDefault();
    setError(null);
    let keys: unknown;
    if (source === 'jwks') {
      try {
        keys = JSON.parse(jwks);
      } catch {
        return setError(new Error('The JWKS is not valid JSON: paste the {"keys": [...]} document the transmitter publishes.'));
      }
    }
    setBusy(true);
    try {
      const t = await post<Transmitter>('/v1/shared-signals/transmitters', {
        name: name.trim(),
        issuer: issuer.trim(),
        ...(audience.trim() ? { audience: audience.trim() } : {}),
        ...(source === 'uri' ? { jwksUri: jwksUri.trim() } : { jwks: keys }),
        ...(revokeSeconds.trim() ? { revokeSeconds: Number(revokeSeconds) } : {}),
      });
      setName('');
      setIssuer('');
      setAudience('');
      setJwksUri('');
      setJwks('');
      props.onDone(`Transmitter ${t.name} added: tokens from ${t.issuer} are accepted.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="card" onSubmit={add} aria-label="Add a transmitter">
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
