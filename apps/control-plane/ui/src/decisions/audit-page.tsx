/** The admin audit trail: every change, who made it, before and after. */
import { useState } from 'preact/hooks';
import type { AuditEvent } from '../api/types';
import { DataTable, type Column } from '../components/data-table';
import { FilterBar, useFilters } from '../components/filter-bar';
import { LoadedList, useListPage } from '../components/loaded-list';
import { Field, Json, localToIso, PageTitle } from '../components/ui';

export function AuditPage() {
  const filter = useFilters({ actor: '', resource: '', action: '', since: '', until: '' });
  const f = filter.values;
  const [open, setOpen] = useState<string | null>(null);
  const list = useListPage<AuditEvent>('/v1/audit-events', { actor: f.actor.trim(), resource: f.resource.trim(), action: f.action.trim(), since: localToIso(f.since), until: localToIso(f.until) });
  const columns: Column<AuditEvent>[] = [
    { header: 'Time', cell: (e) => new Date(e.at).toLocaleString() },
    { header: 'Actor', cell: (e) => e.actor },
    { header: 'Action', cell: (e) => <code>{e.action}</code> },
    { header: 'Resource', cell: (e) => e.resource },
    { header: 'Revision', cell: (e) => e.revision ?? '' },
    {
      header: 'Details',
      actions: true,
      cell: (e) => (
        <button type="button" class="link" aria-expanded={open === e.id} onClick={() => setOpen(open === e.id ? null : e.id)}>
          {open === e.id ? 'Hide' : 'Before / after'}
        </button>
      ),
    },
  ];
  return (
    <section>
      <PageTitle>Audit trail</PageTitle>
      <FilterBar label="Search the audit trail">
        <Field label="Actor" id="a-actor" {...filter.bind('actor')} placeholder="api-key:bootstrap-admin" />
        <Field label="Resource" id="a-resource" {...filter.bind('resource')} placeholder="policy: or policy:authz" />
        <Field label="Action" id="a-action" {...filter.bind('action')} placeholder="policy.publish" />
        <Field label="Since" id="a-since" type="datetime-local" {...filter.bind('since')} />
        <Field label="Until" id="a-until" type="datetime-local" {...filter.bind('until')} />
      </FilterBar>
      <LoadedList load={list} what="audit events" empty="No audit events match.">
        {(page) => (
          <DataTable
            caption="Audit events, newest first"
            testId="audit"
            columns={columns}
            rows={page.items}
            rowKey={(e) => e.id}
            detail={(e) =>
              open === e.id && (
                <div class="two-col">
                  <Json value={e.before} label="Before" />
                  <Json value={e.after} label="After" />
                </div>
              )
            }
          />
        )}
      </LoadedList>
    </section>
  );
}
