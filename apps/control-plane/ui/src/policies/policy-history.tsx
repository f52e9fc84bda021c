/** Every version of a module: see what each changed against the current one, roll back in one click. */
import { useState } from 'preact/hooks';
import { errorText, get, post } from '../api/client';
import type { Policy, PolicyVersion } from '../api/types';
import { DataTable, type Column } from '../components/data-table';
import { useConfirm } from '../components/dialog';
import { Rollout } from '../components/rollout';
import { LoadedList, useListPage } from '../components/loaded-list';
import { Ago, Alert, ErrorAlert, Loading, useLoad } from '../components/ui';
import { Diff } from './policy-editor';

export function PolicyHistory(props: { policy: Policy; onRolledBack: () => void }) {
  const id = props.policy.id;
  // Loaded again, from the newest, when the module gets a new version (a rollback or a publish elsewhere on the page).
  const versions = useListPage<PolicyVersion>(`/v1/policies/${encodeURIComponent(id)}/versions`, {}, { resetOn: props.policy.version });
  const [open, setOpen] = useState<PolicyVersion | null>(null);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string; revision?: number } | null>(null);

  const [confirmation, ask] = useConfirm();

  async function rollback(v: PolicyVersion) {
    const body = <p>Version {v.version} of {id} is published again as a new version (compiled and tested first); agents apply it at once.</p>;
    if (!(await ask({ title: `Roll back ${id} to version ${v.version}?`, body, confirmLabel: `Roll back to v${v.version}` }))) return;
    try {
      const res = await post<{ version: number; revision: number }>(`/v1/policies/${encodeURIComponent(id)}/rollback`, { version: v.version });
      setStatus({ kind: 'ok', text: `Rolled back: version ${v.version} is live again as version ${res.version}, revision ${res.revision}.`, revision: res.revision });
      setOpen(null);
      props.onRolledBack();
    } catch (e) {
      setStatus({ kind: 'error', text: errorText(e) });
    }
  }

  const current = props.policy.version;
  const columns: Column<PolicyVersion>[] = [
    {
      header: 'Version',
      cell: (v) => (
        <>
          v{v.version} {v.version === current && <span class="badge">current</span>}
          {!v.exists && <span class="badge badge-bad">deleted</span>}
        </>
      ),
    },
    { header: 'When', cell: (v) => <Ago at={v.createdAt} /> },
    { header: 'By', cell: (v) => v.createdBy },
    { header: 'Message', cell: (v) => v.message ?? <span class="muted">—</span> },
    { header: 'Revision', cell: (v) => v.revision },
    {
      header: 'Actions',
      actions: true,
      cell: (v) =>
        v.exists &&
        v.version !== current && (
          <>
            <button type="button" onClick={() => setOpen(open?.version === v.version ? null : v)} aria-expanded={open?.version === v.version}>
              Diff
            </button>
            <button type="button" onClick={() => rollback(v)}>
              Roll back to v{v.version}
            </button>
          </>
        ),
    },
  ];

  return (
    <div>
      {status && (
        <Alert kind={status.kind}>
          {status.text} {status.revision !== undefined && <Rollout revision={status.revision} />}
        </Alert>
      )}
      {confirmation}
      <LoadedList load={versions} what="versions" empty="No versions.">
        {(page) => (
          <DataTable caption={`Versions of ${id}, newest first`} columns={columns} rows={page.items} rowKey={(v) => v.version} row={(v) => ({ class: v.version === current ? 'current' : '' })} />
        )}
      </LoadedList>
      {open && <VersionDiff id={id} version={open.version} current={props.policy.source} />}
    </div>
  );
}

function VersionDiff(props: { id: string; version: number; current: string }) {
  const v = useLoad((s) => get<PolicyVersion>(`/v1/policies/${encodeURIComponent(props.id)}/versions/${props.version}`, s), [props.id, props.version]);
  return (
    <section class="review" aria-label={`Rolling back to version ${props.version} would change`}>
      <h3>Rolling back to v{props.version} would change</h3>
      <ErrorAlert error={v.error} onRetry={v.reload} />
      {v.loading && !v.data && <Loading what={`version ${props.version}`} />}
      {v.data && <Diff before={props.current} after={v.data.source ?? ''} />}
    </section>
  );
}
