/** Every version of a module: see what each changed against the current one, roll back in one click. */
import { useState } from 'preact/hooks';
import { errorText, get, post } from '../api/client';
import type { Page, Policy, PolicyVersion } from '../api/types';
import { useConfirm } from '../components/dialog';
import { Rollout } from '../components/rollout';
import { Ago, Alert, ErrorAlert, Loading, useLoad } from '../components/ui';
import { Diff } from './policy-editor';

export function PolicyHistory(props: { policy: Policy; onRolledBack: () => void }) {
  const id = props.policy.id;
  const versions = useLoad((s) => get<Page<PolicyVersion>>(`/v1/policies/${encodeURIComponent(id)}/versions?limit=100`, s), [id, props.policy.version]);
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

  return (
    <div>
      {status && (
        <Alert kind={status.kind}>
          {status.text} {status.revision !== undefined && <Rollout revision={status.revision} />}
        </Alert>
      )}
      {confirmation}
      <ErrorAlert error={versions.error} onRetry={versions.reload} />
      {versions.loading && !versions.data && <Loading what="versions" />}
      <div class="table-wrap">
        <table class="table">
          <caption class="sr-only">Versions of {id}, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">When</th>
              <th scope="col">By</th>
              <th scope="col">Message</th>
              <th scope="col">Revision</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.data?.items.map((v) => (
              <tr key={v.version} class={v.version === props.policy.version ? 'current' : ''}>
                <td>
                  v{v.version} {v.version === props.policy.version && <span class="badge">current</span>}
                  {!v.exists && <span class="badge badge-bad">deleted</span>}
                </td>
                <td>
                  <Ago at={v.createdAt} />
                </td>
                <td>{v.createdBy}</td>
                <td>{v.message ?? <span class="muted">—</span>}</td>
                <td>{v.revision}</td>
                <td class="row-actions">
                  {v.exists && v.version !== props.policy.version && (
                    <>
                      <button type="button" onClick={() => setOpen(open?.version === v.version ? null : v)} aria-expanded={open?.version === v.version}>
                        Diff
                      </button>
                      <button type="button" onClick={() => rollback(v)}>
                        Roll back to v{v.version}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
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
