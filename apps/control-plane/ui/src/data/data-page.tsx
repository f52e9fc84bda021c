/** Data documents: browse, edit as JSON, delete, and import many at once. */
import { useState } from 'preact/hooks';
import { ApiError, del, errorText, post, put } from '../api/client';
import type { DataDocument } from '../api/types';
import { DataTable, type Column } from '../components/data-table';
import { useConfirmedChange } from '../components/dialog';
import { StatusAlert, type Status } from '../components/form-status';
import { LoadedList, useListPage } from '../components/loaded-list';
import { Ago, Alert, Field, PageTitle } from '../components/ui';
import { ImportReport } from './import-report';
import { dataPathError, parseDataDocuments, serverRowErrors, type RowResult } from './import-rows';

/** How policies read a stored document: `tenants/acme` → `data.tenants.acme`. */
const dataRef = (path: string) => `data.${path.replace(/\//g, '.')}`;

export function DataPage() {
  const docs = useListPage<DataDocument>('/v1/data');
  const [editing, setEditing] = useState<{ path: string; text: string; isNew: boolean } | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [confirmation, change] = useConfirmedChange(setStatus);
  const remove = (d: DataDocument) =>
    change({
      title: `Delete ${d.path}?`,
      body: <p>Policies stop seeing {dataRef(d.path)} at the next revision.</p>,
      confirmLabel: 'Delete document',
      danger: true,
      run: () => del<{ revision: number }>(`/v1/data/${d.path}`),
      done: (r) => `Deleted ${d.path} at revision ${r.revision}.`,
      then: docs.reload,
    });
  const columns: Column<DataDocument>[] = [
    { header: 'Path', cell: (d) => <code>{dataRef(d.path)}</code> },
    { header: 'Value', class: 'clip', cell: (d) => <code>{JSON.stringify(d.value).slice(0, 120)}</code> },
    { header: 'Revision', cell: (d) => d.revision },
    { header: 'Updated', cell: (d) => <><Ago at={d.updatedAt} /> by {d.updatedBy}</> },
    {
      header: 'Actions',
      actions: true,
      cell: (d) => (
        <>
          <button type="button" onClick={() => setEditing({ path: d.path, text: JSON.stringify(d.value, null, 2), isNew: false })}>
            Edit<span class="sr-only"> {d.path}</span>
          </button>
          <button type="button" class="danger" onClick={() => remove(d)}>
            Delete<span class="sr-only"> {d.path}</span>
          </button>
        </>
      ),
    },
  ];

  return (
    <section>
      {confirmation}
      <PageTitle actions={<button type="button" onClick={() => setEditing({ path: '', text: '{\n  \n}', isNew: true })}>New document</button>}>Data</PageTitle>
      <p class="muted">JSON documents policies read as data.&lt;path&gt;. Every change is a revision pushed to agents.</p>
      <StatusAlert status={status} />
      {editing && (
        <DocumentEditor
          {...editing}
          onDone={(text) => {
            setEditing(null);
            if (text) setStatus({ kind: 'ok', text });
            docs.reload();
          }}
        />
      )}
      <LoadedList load={docs} what="data documents" empty="No data documents yet.">
        {(page) => <DataTable caption="Data documents" columns={columns} rows={page.items} rowKey={(d) => d.path} />}
      </LoadedList>
      <BulkData onDone={docs.reload} />
    </section>
  );
}

function DocumentEditor(props: { path: string; text: string; isNew: boolean; onDone: (message: string | null) => void }) {
  const [path, setPath] = useState(props.path);
  const [text, setText] = useState(props.text);
  const [error, setError] = useState<string | null>(null);
  async function save(e: Event) {
    e.preventDefault();
    const pathError = dataPathError(path);
    if (pathError) return setError(pathError);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      return setError(`Not valid JSON: ${(err as Error).message}`);
    }
    try {
      const r = await put<{ revision: number }>(`/v1/data/${path.replace(/^\/+|\/+$/g, '')}`, value);
      props.onDone(`Saved ${path} at revision ${r.revision}.`);
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <form class="card form-card" onSubmit={save} aria-label={props.isNew ? 'New data document' : `Edit ${props.path}`}>
      <Field label="Path" value={path} onInput={setPath} readOnly={!props.isNew} placeholder="tenants/acme" hint="Segments separated by /, read as data.tenants.acme" />
      <div class="field">
        <label for="doc-json">Document (JSON)</label>
        <textarea id="doc-json" class="code" rows={10} spellcheck={false} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
      </div>
      {error && <Alert kind="error">{error}</Alert>}
      <div class="toolbar">
        <button type="submit" class="primary">
          Save
        </button>
        <button type="button" onClick={() => props.onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function BulkData(props: { onDone: () => void }) {
  const [text, setText] = useState('');
  const [rows, setRows] = useState<RowResult<{ path: string; value: unknown }>[]>([]);
  const [serverErrors, setServerErrors] = useState(new Map<number, string[]>());
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  async function run(e: Event) {
    e.preventDefault();
    const parsed = parseDataDocuments(text);
    setRows(parsed.rows);
    setServerErrors(new Map());
    setStatus(parsed.error ? { kind: 'error', text: parsed.error } : null);
    if (parsed.error || parsed.rows.some((r) => r.errors.length)) return;
    setBusy(true);
    // One request, one revision: every document is stored, or none (the API names each bad row).
    try {
      const r = await post<{ revision: number }>('/v1/data/bulk', { documents: parsed.rows.map((x) => x.value) });
      setStatus({ kind: 'ok', text: `Imported ${parsed.rows.length} document${parsed.rows.length === 1 ? '' : 's'} at revision ${r.revision}.` });
      props.onDone();
    } catch (err) {
      if (err instanceof ApiError) setServerErrors(serverRowErrors(err.details, 'documents'));
      setStatus({ kind: 'error', text: `Nothing imported: ${errorText(err)}` });
    } finally {
      setBusy(false);
    }
  }
  return (
    <details class="bulk">
      <summary>Import documents (JSON)</summary>
      <form onSubmit={run}>
        <div class="field">
          <label for="bulk-data">Documents</label>
          <textarea id="bulk-data" class="code" rows={6} spellcheck={false} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} placeholder={'{"tenants/acme": {"plan": "gold"}}'} />
          <small class="hint">An object of path → document, or an array of {'{"path", "value"}'}. All documents go in one revision, or none.</small>
        </div>
        <StatusAlert status={status} />
        <ImportReport rows={rows} serverErrors={serverErrors} label="documents" />
        <button type="submit" disabled={busy}>
          {busy ? 'Importing…' : 'Import'}
        </button>
      </form>
    </details>
  );
}
