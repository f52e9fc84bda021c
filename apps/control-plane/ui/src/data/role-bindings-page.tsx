/** Role bindings: filter, add, remove, and import many (JSON or CSV) in one revision. */
import { useState } from 'preact/hooks';
import { ApiError, del, errorText, get, post, query } from '../api/client';
import type { Page, RoleBinding } from '../api/types';
import { useConfirm } from '../components/dialog';
import { Alert, Empty, ErrorAlert, Field, Loading, localToIso, PageTitle, useLoad } from '../components/ui';
import { ImportReport } from './import-report';
import { parseBindings, serverRowErrors, validateBinding, type BindingRow, type RowResult } from './import-rows';

export function RoleBindingsPage() {
  const [filter, setFilter] = useState({ subject: '', role: '' });
  const list = useLoad((s) => get<Page<RoleBinding>>(`/v1/role-bindings${query({ ...filter, limit: 200 })}`, s), [filter.subject, filter.role]);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [confirmation, ask] = useConfirm();

  return (
    <section>
      {confirmation}
      <PageTitle>Role bindings</PageTitle>
      <p class="muted">Who holds which role, optionally in a scope and until a time. Policies read them as data.vigil.role_bindings.</p>
      {status && <Alert kind={status.kind}>{status.text}</Alert>}
      <AddBinding
        onAdded={(t) => {
          setStatus({ kind: 'ok', text: t });
          list.reload();
        }}
      />
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter role bindings">
        <Field label="Subject" id="filter-subject" value={filter.subject} onInput={(v) => setFilter({ ...filter, subject: v })} />
        <Field label="Role" id="filter-role" value={filter.role} onInput={(v) => setFilter({ ...filter, role: v })} />
      </form>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {list.loading && !list.data && <Loading what="role bindings" />}
      {list.data && list.data.items.length === 0 && <Empty>No role bindings match.</Empty>}
      {list.data && list.data.items.length > 0 && (
        <div class="table-wrap">
          <table class="table">
            <caption class="sr-only">Role bindings ({list.data.total})</caption>
            <thead>
              <tr>
                <th scope="col">Subject</th>
                <th scope="col">Role</th>
                <th scope="col">Scope</th>
                <th scope="col">Expires</th>
                <th scope="col">Status</th>
                <th scope="col">Revision</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((b) => (
                <tr key={b.id} class={b.status === 'expired' ? 'muted-row' : ''}>
                  <td>{b.subject}</td>
                  <td>{b.role}</td>
                  <td>{b.scope ?? <span class="muted">global</span>}</td>
                  <td>{b.expiresAt ? new Date(b.expiresAt).toLocaleString() : <span class="muted">never</span>}</td>
                  <td>{b.status}</td>
                  <td>{b.revision}</td>
                  <td class="row-actions">
                    <button
                      type="button"
                      class="danger"
                      onClick={async () => {
                        const body = <p>{b.subject} loses the {b.role} role{b.scope ? ` in ${b.scope}` : ''} at every agent with the next revision.</p>;
                        if (!(await ask({ title: `Remove ${b.role} from ${b.subject}?`, body, confirmLabel: 'Remove binding', danger: true }))) return;
                        try {
                          const r = await del<{ revision: number }>(`/v1/role-bindings/${b.id}`);
                          setStatus({ kind: 'ok', text: `Removed at revision ${r.revision}.` });
                        } catch (e) {
                          setStatus({ kind: 'error', text: errorText(e) });
                        }
                        list.reload();
                      }}
                    >
                      Remove<span class="sr-only"> {b.role} from {b.subject}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <BulkBindings onDone={list.reload} />
    </section>
  );
}

function AddBinding(props: { onAdded: (text: string) => void }) {
  const [b, setB] = useState({ subject: '', role: '', scope: '', expires: '' });
  const [errors, setErrors] = useState<string[]>([]);
  async function add(e: Event) {
    e.preventDefault();
    const { value, errors } = validateBinding({ subject: b.subject.trim(), role: b.role.trim(), scope: b.scope.trim(), expiresAt: localToIso(b.expires) });
    setErrors(errors);
    if (!value) return;
    try {
      const r = await post<{ revision: number }>('/v1/role-bindings', value);
      props.onAdded(`Bound ${value.subject} to ${value.role} at revision ${r.revision}.`);
      setB({ subject: '', role: '', scope: '', expires: '' });
    } catch (err) {
      setErrors([errorText(err)]);
    }
  }
  return (
    <form class="row-form card" onSubmit={add} aria-label="Add a role binding">
      <Field label="Subject" id="rb-subject" value={b.subject} onInput={(v) => setB({ ...b, subject: v })} required />
      <Field label="Role" id="rb-role" value={b.role} onInput={(v) => setB({ ...b, role: v })} required />
      <Field label="Scope (optional)" id="rb-scope" value={b.scope} onInput={(v) => setB({ ...b, scope: v })} placeholder="tenant:acme" />
      <Field label="Expires (optional)" id="rb-expires" type="datetime-local" value={b.expires} onInput={(v) => setB({ ...b, expires: v })} />
      <button type="submit" class="primary">
        Add binding
      </button>
      {errors.length > 0 && <Alert kind="error">{errors.join('; ')}</Alert>}
    </form>
  );
}

function BulkBindings(props: { onDone: () => void }) {
  const [text, setText] = useState('');
  const [rows, setRows] = useState<RowResult<BindingRow>[]>([]);
  const [serverErrors, setServerErrors] = useState(new Map<number, string[]>());
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  async function run(e: Event) {
    e.preventDefault();
    const parsed = parseBindings(text);
    setRows(parsed.rows);
    setServerErrors(new Map());
    setStatus(parsed.error ? { kind: 'error', text: parsed.error } : null);
    if (parsed.error || parsed.rows.length === 0 || parsed.rows.some((r) => r.errors.length)) return;
    try {
      const r = await post<{ revision: number }>('/v1/role-bindings/bulk', { bindings: parsed.rows.map((x) => x.value) });
      setStatus({ kind: 'ok', text: `Imported ${parsed.rows.length} bindings at revision ${r.revision}.` });
      props.onDone();
    } catch (err) {
      if (err instanceof ApiError) setServerErrors(serverRowErrors(err.details));
      setStatus({ kind: 'error', text: `Nothing imported: ${errorText(err)}` });
    }
  }
  return (
    <details class="bulk">
      <summary>Import bindings (JSON or CSV)</summary>
      <form onSubmit={run}>
        <div class="field">
          <label for="bulk-bindings">Bindings</label>
          <textarea id="bulk-bindings" class="code" rows={8} spellcheck={false} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} placeholder={'subject,role,scope,expiresAt\nalice,admin,,\nbob,viewer,tenant:acme,2030-01-01T00:00:00Z'} />
          <small class="hint">CSV with a header row (subject, role, scope, expiresAt) or a JSON array. All rows go in one revision, or none.</small>
        </div>
        <label class="file-pick">
          Or choose a file <input type="file" accept=".csv,.json,text/csv,application/json" onChange={async (e) => setText((await (e.currentTarget as HTMLInputElement).files?.[0]?.text()) ?? '')} />
        </label>
        {status && <Alert kind={status.kind}>{status.text}</Alert>}
        <ImportReport rows={rows} serverErrors={serverErrors} label="rows" />
        <button type="submit">Import</button>
      </form>
    </details>
  );
}
