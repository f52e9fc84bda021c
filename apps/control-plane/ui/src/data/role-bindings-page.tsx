/** Role bindings: filter, add, remove, and import many (JSON or CSV) in one revision. */
import { useState } from 'preact/hooks';
import { ApiError, del, errorText, post } from '../api/client';
import type { RoleBinding } from '../api/types';
import { DataTable, type Column } from '../components/data-table';
import { useConfirmedChange } from '../components/dialog';
import { FilterBar, useFilters } from '../components/filter-bar';
import { StatusAlert, type Status } from '../components/form-status';
import { LoadedList, useListPage } from '../components/loaded-list';
import { Alert, Expiry, Field, localToIso, PageTitle } from '../components/ui';
import { ImportReport } from './import-report';
import { parseBindings, serverRowErrors, validateBinding, type BindingRow, type RowResult } from './import-rows';

export function RoleBindingsPage() {
  const filter = useFilters({ subject: '', role: '' });
  const list = useListPage<RoleBinding>('/v1/role-bindings', filter.values);
  const [status, setStatus] = useState<Status>(null);
  const [confirmation, change] = useConfirmedChange(setStatus);
  const remove = (b: RoleBinding) =>
    change({
      title: `Remove ${b.role} from ${b.subject}?`,
      body: <p>{b.subject} loses the {b.role} role{b.scope ? ` in ${b.scope}` : ''} at every agent with the next revision.</p>,
      confirmLabel: 'Remove binding',
      danger: true,
      run: () => del<{ revision: number }>(`/v1/role-bindings/${b.id}`),
      done: (r) => `Removed at revision ${r.revision}.`,
      then: list.reload,
    });
  const columns: Column<RoleBinding>[] = [
    { header: 'Subject', cell: (b) => b.subject },
    { header: 'Role', cell: (b) => b.role },
    { header: 'Scope', cell: (b) => b.scope ?? <span class="muted">global</span> },
    { header: 'Expires', cell: (b) => <Expiry at={b.expiresAt} /> },
    { header: 'Status', cell: (b) => b.status },
    { header: 'Revision', cell: (b) => b.revision },
    {
      header: 'Actions',
      actions: true,
      cell: (b) => (
        <button type="button" class="danger" onClick={() => remove(b)}>
          Remove<span class="sr-only"> {b.role} from {b.subject}</span>
        </button>
      ),
    },
  ];

  return (
    <section>
      {confirmation}
      <PageTitle>Role bindings</PageTitle>
      <p class="muted">Who holds which role, optionally in a scope and until a time. Policies read them as data.vigil.role_bindings.</p>
      <StatusAlert status={status} />
      <AddBinding
        onAdded={(t) => {
          setStatus({ kind: 'ok', text: t });
          list.reload();
        }}
      />
      <FilterBar label="Filter role bindings">
        <Field label="Subject" id="filter-subject" {...filter.bind('subject')} />
        <Field label="Role" id="filter-role" {...filter.bind('role')} />
      </FilterBar>
      <LoadedList load={list} what="role bindings" empty="No role bindings match.">
        {(page) => <DataTable caption={`Role bindings (${page.total})`} columns={columns} rows={page.items} rowKey={(b) => b.id} row={(b) => ({ class: b.status === 'expired' ? 'muted-row' : '' })} />}
      </LoadedList>
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
  const [status, setStatus] = useState<Status>(null);
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
        <StatusAlert status={status} />
        <ImportReport rows={rows} serverErrors={serverErrors} label="rows" />
        <button type="submit">Import</button>
      </form>
    </details>
  );
}
