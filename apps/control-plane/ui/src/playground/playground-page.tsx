/**
 * Playground: evaluate an entrypoint of the published policy set with an input, see the
 * result, the revision it was decided at and which rules matched; keep a run as a test.
 */
import { useState } from 'preact/hooks';
import { ApiError, api, errorText, get, post, put } from '../api/client';
import type { DryRunReport, EvaluateResult, Policy } from '../api/types';
import { Alert, ErrorAlert, Field, formatValue, Json, PageTitle, useLoad } from '../components/ui';
import { testModule, testRule } from './test-case';

const SAMPLE = JSON.stringify({ subject: 'alice', action: 'read', resource: { type: 'order', id: '42' } }, null, 2);

export function PlaygroundPage() {
  // The compiled set's entrypoints, from a dry-run of no change (needs policies.write; else typed by hand).
  const entrypoints = useLoad((s) => api<DryRunReport>('POST', '/v1/policies/dry-run', { body: {}, signal: s }).then((r) => r.compile.entrypoints ?? []), []);
  // null until the user touches the field: it shows the set's first entrypoint once the list
  // arrives. Focusing the field keeps what it shows, so a list arriving as the user begins to
  // type cannot replace the field's text (and its selection) under their keys.
  const [entrypoint, setEntrypoint] = useState<string | null>(null);
  const [input, setInput] = useState(SAMPLE);
  const [inputError, setInputError] = useState<string | null>(null);
  const [result, setResult] = useState<{ ran: EvaluateResult; entrypoint: string; input: unknown } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const chosen = entrypoint ?? entrypoints.data?.find((e) => !/\/test_/.test(e)) ?? '';

  async function run(e: Event) {
    e.preventDefault();
    let parsed: unknown;
    try {
      parsed = JSON.parse(input);
      setInputError(null);
    } catch (err) {
      return setInputError(`Input is not valid JSON: ${(err as Error).message}`);
    }
    if (!chosen) return setError(new Error('Choose an entrypoint.'));
    setBusy(true);
    setError(null);
    try {
      setResult({ ran: await post<EvaluateResult>('/v1/evaluate', { entrypoint: chosen, input: parsed }), entrypoint: chosen, input: parsed });
    } catch (err) {
      setResult(null);
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section>
      <PageTitle>Playground</PageTitle>
      <p class="muted">Evaluates the published policy set with the current data, as agents would.</p>
      <form class="playground" onSubmit={run}>
        <div class="field">
          <label for="entrypoint">Entrypoint</label>
          <input id="entrypoint" list="entrypoints" value={chosen} onFocus={() => setEntrypoint(chosen)} onInput={(e) => setEntrypoint((e.currentTarget as HTMLInputElement).value)} placeholder="authz/allow" spellcheck={false} />
          <datalist id="entrypoints">
            {(entrypoints.data ?? []).map((e) => (
              <option value={e} key={e} />
            ))}
          </datalist>
        </div>
        <div class="field">
          <label for="input-json">Input (JSON)</label>
          <textarea id="input-json" class="code" rows={12} spellcheck={false} value={input} onInput={(e) => setInput((e.currentTarget as HTMLTextAreaElement).value)}
            onKeyDown={(e) => (e.ctrlKey || e.metaKey) && e.key === 'Enter' && (e.currentTarget as HTMLTextAreaElement).form?.requestSubmit()}
            aria-invalid={inputError ? true : undefined} aria-describedby={inputError ? 'input-err' : undefined} />
          {inputError && (
            <small id="input-err" class="field-error">
              {inputError}
            </small>
          )}
        </div>
        <div class="toolbar">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? 'Evaluating…' : 'Evaluate'}
          </button>
          <span class="muted small">Ctrl-Enter in the input evaluates too.</span>
        </div>
      </form>
      <ErrorAlert error={error} />
      {result && <Outcome {...result} />}
    </section>
  );
}

function Outcome(props: { ran: EvaluateResult; entrypoint: string; input: unknown }) {
  const value = props.ran.result[0]?.result;
  const rules = props.ran.rules ?? [];
  return (
    <section class="outcome" aria-labelledby="outcome-title">
      <h2 id="outcome-title">
        Result <span class="muted small">at revision {props.ran.revision} · evaluated in {props.ran.evalMs} ms</span>
      </h2>
      <Json value={value} label="Result" />
      {rules.length > 0 && (
        <>
          <h3>Rules of the package</h3>
          <ul class="rules" data-testid="rules">
            {rules.map((r) => (
              <li key={r.rule} class={r.matched ? 'matched' : ''}>
                <span class="badge">{r.matched ? 'matched' : 'no match'}</span> <code>{r.rule}</code>{' '}
                <span class="muted small">
                  {r.file}:{r.rows.join(', ')}
                </span>{' '}
                = <code>{formatValue(r.value)}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      <SaveAsTest entrypoint={props.entrypoint} input={props.input} expected={value} />
    </section>
  );
}

function SaveAsTest(props: { entrypoint: string; input: unknown; expected: unknown }) {
  const [name, setName] = useState('');
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    setStatus(null);
    try {
      const rule = testRule(name || 'case', props.entrypoint, props.input, props.expected);
      const probe = testModule(props.entrypoint, null, rule);
      let existing: Policy | null = null;
      try {
        existing = await get<Policy>(`/v1/policies/${encodeURIComponent(probe.id)}`);
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 404)) throw err;
      }
      const mod = testModule(props.entrypoint, existing?.source ?? null, rule);
      const res = await put<{ revision: number }>(`/v1/policies/${encodeURIComponent(mod.id)}`, { source: mod.source, message: `test case from the playground`, expectedVersion: existing?.version ?? 0 });
      setStatus({ kind: 'ok', text: `Saved as a test in ${mod.id} (revision ${res.revision}).` });
      setName('');
    } catch (err) {
      setStatus({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="inline-form" onSubmit={save} aria-label="Save as test case">
      <Field label="Save as test named" value={name} onInput={setName} placeholder="alice can read orders" hint="Becomes a test_ rule expecting this result for this input." />
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : 'Save test'}
      </button>
      {status && <Alert kind={status.kind}>{status.text}</Alert>}
    </form>
  );
}
