/** Edit a module: live compile problems and tests, then review the diff and publish. */
import type { EditorView } from '@codemirror/view';
import { lazy, Suspense } from 'preact/compat';
import { useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, errorText, put } from '../api/client';
import type { Diagnostic, Policy, PublishResult, TestSummary } from '../api/types';
import { Rollout } from '../components/rollout';
import { Alert, ErrorAlert, Field } from '../components/ui';
import { diffLines, withContext } from './line-diff';
import type { EditorReport } from './rego-editor';

// CodeMirror is most of the UI's code: it is fetched when an editor is first shown, not
// with the policies page (the tree, history and delete do without it).
const loadEditor = () => import('./rego-editor');
const RegoEditor = lazy(() => loadEditor().then((m) => m.RegoEditor));

export function PolicyEditor(props: { id: string; published: Policy | null; onPublished: () => void }) {
  const initial = props.published?.source ?? `package ${packageFor(props.id)}\n\ndefault allow := false\n`;
  const [source, setSource] = useState(initial);
  const [check, setCheck] = useState<EditorReport | null>(null);
  const [reviewing, setReviewing] = useState(false);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [published, setPublished] = useState<PublishResult | null>(null);
  const [publishError, setPublishError] = useState<unknown>(null);
  const view = useRef<EditorView | null>(null);
  const dirty = source !== (props.published?.source ?? '');

  const report = check?.report ?? null;
  const diagnostics = report?.compile.diagnostics ?? [];
  const errors = diagnostics.filter((d) => d.severity !== 'warning');
  const publishable = dirty && report !== null && report.ok && !busy;

  async function publish() {
    setBusy(true);
    setPublishError(null);
    try {
      const res = await put<PublishResult>(`/v1/policies/${encodeURIComponent(props.id)}`, {
        source,
        ...(message.trim() ? { message: message.trim() } : {}),
        expectedVersion: props.published?.version ?? 0,
      });
      setPublished(res);
      setReviewing(false);
      setMessage('');
      props.onPublished();
    } catch (e) {
      setPublishError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="editor-layout">
      <div class="editor-col">
        <Suspense fallback={<EditorPlaceholder source={initial} />}>
          <RegoEditor
            policyId={props.id}
            initial={initial}
            label={`Rego source of ${props.id}`}
            onChange={(s) => {
              setSource(s);
              setPublished(null);
            }}
            onReport={setCheck}
            onView={(v) => (view.current = v)}
          />
        </Suspense>
        <div class="toolbar">
          <button type="button" class="primary" disabled={!publishable} onClick={() => setReviewing(true)} aria-describedby="publish-why">
            Review and publish…
          </button>
          <span id="publish-why" class="muted small">
            {!dirty ? 'No changes to publish.' : report === null ? 'Checking…' : !report.compile.ok ? 'Fix the problems first.' : report.tests && report.tests.failed.length > 0 ? 'Failing tests block publishing.' : 'Ready to publish.'}
          </span>
        </div>
        {published && (
          <Alert kind="ok">
            Published {props.id} version {published.version} at revision {published.revision}. <Rollout revision={published.revision} />
          </Alert>
        )}
        {reviewing && (
          <section class="review" aria-labelledby="review-title">
            <h3 id="review-title">Changes against the published version</h3>
            <Diff before={props.published?.source ?? ''} after={source} />
            <Field label="Message (optional)" value={message} onInput={setMessage} placeholder="what and why" maxLength={1000} />
            {publishError !== null && <PublishError error={publishError} />}
            <div class="toolbar">
              <button type="button" class="primary" onClick={publish} disabled={busy}>
                {busy ? 'Publishing…' : 'Publish'}
              </button>
              <button type="button" onClick={() => setReviewing(false)}>
                Cancel
              </button>
            </div>
          </section>
        )}
      </div>
      <aside class="editor-side" aria-label="Checks">
        <Problems diagnostics={diagnostics} errors={errors.length} file={`${props.id}.rego`} check={check} onJump={(d) => view.current && void loadEditor().then((m) => view.current && m.revealRow(view.current, d.location.row, d.location.col))} />
        <Tests tests={report?.tests ?? null} compiled={report?.compile.ok ?? false} />
      </aside>
    </div>
  );
}

/** The source, read-only, while the editor's code downloads: the page does not jump when it arrives. */
function EditorPlaceholder(props: { source: string }) {
  return (
    <div class="editor-loading" role="status">
      <span class="sr-only">Loading the editor…</span>
      <pre aria-hidden="true">{props.source}</pre>
    </div>
  );
}

function Problems(props: { diagnostics: Diagnostic[]; errors: number; file: string; check: EditorReport | null; onJump: (d: Diagnostic) => void }) {
  const { diagnostics, check } = props;
  return (
    <section aria-labelledby="problems-title" class="panel">
      <h3 id="problems-title">
        Problems <span class={`count ${props.errors ? 'count-bad' : 'count-ok'}`}>{diagnostics.length}</span>
      </h3>
      <div role="status" aria-live="polite" aria-atomic="true" class="sr-only">
        {check?.report ? (props.errors ? `${props.errors} compile error${props.errors === 1 ? '' : 's'}` : 'compiles') : ''}
      </div>
      {check?.error != null && <Alert kind="error">Cannot check: {errorText(check.error)}</Alert>}
      {check === null && <p class="muted">Checking…</p>}
      {check?.report && diagnostics.length === 0 && <p class="ok-text">Compiles without problems.</p>}
      <ul class="problems" data-testid="problems">
        {diagnostics.map((d, i) => (
          <li key={i} class={d.severity === 'warning' ? 'warn' : 'err'}>
            {d.location.file === props.file ? (
              <button type="button" class="link" onClick={() => props.onJump(d)}>
                line {d.location.row}:{d.location.col}
              </button>
            ) : (
              <span>
                {d.location.file}:{d.location.row}:{d.location.col}
              </span>
            )}{' '}
            <code>{d.code}</code> {d.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Tests(props: { tests: TestSummary | null; compiled: boolean }) {
  const t = props.tests;
  return (
    <section aria-labelledby="tests-title" class="panel">
      <h3 id="tests-title">
        Tests {t && <span class={`count ${t.failed.length ? 'count-bad' : 'count-ok'}`}>{`${t.passed}/${t.total}`}</span>}
      </h3>
      {!props.compiled ? (
        <p class="muted">Tests run once the policy set compiles.</p>
      ) : !t || t.total === 0 ? (
        <p class="muted">No test_ rules in the policy set. Save playground inputs as tests.</p>
      ) : (
        <>
          <p class={t.failed.length ? 'bad-text' : 'ok-text'} data-testid="tests-summary">
            {t.failed.length ? `${t.failed.length} failing` : `All ${t.total} tests pass`}
          </p>
          <ul class="tests" data-testid="tests">
            {(t.results ?? []).map((r) => (
              <li key={r.name} class={r.passed ? 'pass' : 'fail'}>
                <span aria-hidden="true">{r.passed ? '✓' : '✗'}</span> <span class="sr-only">{r.passed ? 'passed' : 'failed'}</span> {r.name}
                {r.error && <small class="hint"> {r.error}</small>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function Diff(props: { before: string; after: string }) {
  const lines = useMemo(() => withContext(diffLines(props.before, props.after)), [props.before, props.after]);
  const changed = lines.some((l) => l && l.kind !== 'same');
  if (!changed) return <p class="muted">No differences.</p>;
  return (
    <div class="diff" role="region" aria-label="Diff" tabIndex={0}>
      <table>
        <tbody>
          {lines.map((l, i) =>
            l === null ? (
              <tr key={i} class="diff-skip">
                <td colSpan={3}>⋯</td>
              </tr>
            ) : (
              <tr key={i} class={`diff-${l.kind}`}>
                <td class="ln">{l.oldNo ?? ''}</td>
                <td class="ln">{l.newNo ?? ''}</td>
                <td>
                  <span class="sr-only">{l.kind === 'add' ? 'added: ' : l.kind === 'del' ? 'removed: ' : ''}</span>
                  <span aria-hidden="true">{l.kind === 'add' ? '+ ' : l.kind === 'del' ? '- ' : '  '}</span>
                  {l.text}
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}

function PublishError(props: { error: unknown }) {
  const e = props.error;
  if (e instanceof ApiError && e.code === 'POLICY_TESTS_FAILED') {
    const tests = (e.details as { tests?: TestSummary } | undefined)?.tests;
    return <Alert kind="error">Publishing refused: failing tests {tests?.failed.join(', ')}</Alert>;
  }
  if (e instanceof ApiError && e.code === 'POLICY_VERSION_CONFLICT') {
    return <Alert kind="error">Someone published this policy meanwhile. Copy your changes, reload the page and apply them again.</Alert>;
  }
  return <ErrorAlert error={e} />;
}

/** `authz.orders-v2` → `authz.orders_v2`: a package name for a new module. */
export function packageFor(id: string): string {
  return id.replace(/-/g, '_').replace(/(^|\.)(\d)/g, '$1p$2');
}
