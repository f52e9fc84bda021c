/**
 * Policies: the module tree, and for the selected module the editor (live diagnostics and
 * tests from the dry-run), a review of the diff against the published version before
 * publishing, and the version history with rollback.
 */
import { useState } from 'preact/hooks';
import { ApiError, get, getAll } from '../api/client';
import type { Policy, PolicySummary } from '../api/types';
import { navigate } from '../app/router';
import { Rollout } from '../components/rollout';
import { Alert, Empty, ErrorAlert, Field, Link, Loading, PageTitle, useLoad } from '../components/ui';
import { DeletePolicyDialog } from './policy-delete';
import { PolicyEditor } from './policy-editor';
import { PolicyHistory } from './policy-history';
import { PolicyTree } from './policy-tree';

const ID = /^[a-z0-9]([a-z0-9._-]{0,126}[a-z0-9])?$/;

export function PoliciesPage(props: { path: string }) {
  const [, , rawId, sub] = props.path.split('/');
  const id = rawId ? decodeURIComponent(rawId) : null;
  // The tree needs every module to place each one: all pages, not the first.
  const list = useLoad((s) => getAll<PolicySummary>('/v1/policies', s), []);
  const [deleted, setDeleted] = useState<{ id: string; revision: number } | null>(null);

  return (
    <div class="split">
      <aside class="sidebar" aria-label="Policy list">
        <PageTitle>Policies</PageTitle>
        <NewPolicy />
        <ErrorAlert error={list.error} onRetry={list.reload} />
        {list.loading && !list.data && <Loading what="policies" />}
        {list.data && (list.data.length > 0 ? <PolicyTree policies={list.data} selected={id} /> : <Empty>No policies yet. Create one above.</Empty>)}
      </aside>
      <section class="main-pane" aria-label={id ? `Policy ${id}` : 'Policy'}>
        {deleted && !id && (
          <Alert kind="ok">
            Deleted {deleted.id} at revision {deleted.revision}. <Rollout revision={deleted.revision} />
          </Alert>
        )}
        {id ? (
          <PolicyView
            key={id}
            id={id}
            tab={sub === 'history' ? 'history' : 'edit'}
            onPublished={list.reload}
            onDeleted={(revision) => {
              setDeleted({ id, revision });
              list.reload();
              navigate('/policies');
            }}
          />
        ) : (
          <Empty>Select a policy to edit it, or create a new one.</Empty>
        )}
      </section>
    </div>
  );
}

function NewPolicy() {
  const [id, setId] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      class="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!ID.test(id)) return setError('Use lower-case letters, digits, ".", "_" or "-" (start and end with a letter or digit).');
        setError(null);
        navigate(`/policies/${encodeURIComponent(id)}`);
        setId('');
      }}
    >
      <Field label="New policy id" value={id} onInput={setId} placeholder="authz.orders" error={error} />
      <button type="submit">Create</button>
    </form>
  );
}

/** Loads the published module (or starts a new one) and shows the editor or the history. */
function PolicyView(props: { id: string; tab: 'edit' | 'history'; onPublished: () => void; onDeleted: (revision: number) => void }) {
  const policy = useLoad(async (s) => {
    try {
      return await get<Policy>(`/v1/policies/${encodeURIComponent(props.id)}`, s);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null; // a new policy
      throw e;
    }
  }, [props.id]);
  const [deleting, setDeleting] = useState(false);
  const base = `/policies/${encodeURIComponent(props.id)}`;
  if (policy.loading && !policy.data) return <Loading what={props.id} />;
  if (policy.error) return <ErrorAlert error={policy.error} onRetry={policy.reload} />;
  const published = policy.data;
  return (
    <>
      <header class="pane-head">
        <h2>
          {props.id}
          {published ? (
            <span class="muted small">
              {' '}
              version {published.version} · revision {published.revision} · by {published.updatedBy}
            </span>
          ) : (
            <span class="badge badge-new">new</span>
          )}
        </h2>
        <div class="pane-actions">
          {published && (
            <nav class="tabs" aria-label="Policy views">
              <Link href={base} aria-current={props.tab === 'edit' ? 'page' : undefined}>
                Edit
              </Link>
              <Link href={`${base}/history`} aria-current={props.tab === 'history' ? 'page' : undefined}>
                History
              </Link>
            </nav>
          )}
          {published && (
            <button type="button" class="danger" onClick={() => setDeleting(true)}>
              Delete…
            </button>
          )}
        </div>
      </header>
      {deleting && <DeletePolicyDialog id={props.id} onCancel={() => setDeleting(false)} onDeleted={props.onDeleted} />}
      {props.tab === 'history' && published ? (
        <PolicyHistory policy={published} onRolledBack={() => (policy.reload(), props.onPublished())} />
      ) : (
        <PolicyEditor
          id={props.id}
          published={published}
          onPublished={() => {
            policy.reload();
            props.onPublished();
          }}
        />
      )}
    </>
  );
}
