/** The admin audit trail: every change, who made it, before and after. */
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { get, query } from '../api/client';
import type { AuditEvent, Page } from '../api/types';
import { Empty, ErrorAlert, Field, Json, Loading, localToIso, PageTitle, useLoad } from '../components/ui';

export function AuditPage() {
  const [f, setF] = useState({ actor: '', resource: '', action: '', since: '', until: '' });
  const [open, setOpen] = useState<string | null>(null);
  const q = query({ actor: f.actor.trim(), resource: f.resource.trim(), action: f.action.trim(), since: localToIso(f.since), until: localToIso(f.until), limit: 100 });
  const list = useLoad((s) => get<Page<AuditEvent>>(`/v1/audit-events${q}`, s), [q]);
  return (
    <section>
      <PageTitle>Audit trail</PageTitle>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Search the audit trail">
        <Field label="Actor" id="a-actor" value={f.actor} onInput={(v) => setF({ ...f, actor: v })} placeholder="api-key:bootstrap-admin" />
        <Field label="Resource" id="a-resource" value={f.resource} onInput={(v) => setF({ ...f, resource: v })} placeholder="policy: or policy:authz" />
        <Field label="Action" id="a-action" value={f.action} onInput={(v) => setF({ ...f, action: v })} placeholder="policy.publish" />
        <Field label="Since" id="a-since" type="datetime-local" value={f.since} onInput={(v) => setF({ ...f, since: v })} />
        <Field label="Until" id="a-until" type="datetime-local" value={f.until} onInput={(v) => setF({ ...f, until: v })} />
      </form>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {list.loading && !list.data && <Loading what="audit events" />}
      {list.data && list.data.items.length === 0 && <Empty>No audit events match.</Empty>}
      {list.data && list.data.items.length > 0 && (
        <div class="table-wrap">
          <table class="table" data-testid="audit">
            <caption class="sr-only">Audit events, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Resource</th>
                <th scope="col">Revision</th>
                <th scope="col">
                  <span class="sr-only">Details</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((e) => (
                <Fragment key={e.id}>
                  <tr key={e.id}>
                    <td>{new Date(e.at).toLocaleString()}</td>
                    <td>{e.actor}</td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td>{e.resource}</td>
                    <td>{e.revision ?? ''}</td>
                    <td>
                      <button type="button" class="link" aria-expanded={open === e.id} onClick={() => setOpen(open === e.id ? null : e.id)}>
                        {open === e.id ? 'Hide' : 'Before / after'}
                      </button>
                    </td>
                  </tr>
                  {open === e.id && (
                    <tr key={`${e.id}-d`} class="detail">
                      <td colSpan={6}>
                        <div class="two-col">
                          <Json value={e.before} label="Before" />
                          <Json value={e.after} label="After" />
                        </div>
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
