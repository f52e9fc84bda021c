/**
 * Deleting a policy publishes the set without it, so the control plane refuses it when
 * the rest no longer compiles or a test fails. The dialog asks the dry-run first and
 * shows exactly that (the diagnostics in other modules, the failing tests) before the
 * author can confirm; a refusal that happens anyway (someone published meanwhile) is
 * shown the same way.
 */
import { useState } from 'preact/hooks';
import { ApiError, api, del, errorText } from '../api/client';
import type { Diagnostic, DryRunReport, TestSummary } from '../api/types';
import { ConfirmDialog } from '../components/dialog';
import { useLoad } from '../components/ui';

export function DeletePolicyDialog(props: { id: string; onDeleted: (revision: number) => void; onCancel: () => void }) {
  const check = useLoad((signal) => api<DryRunReport>('POST', '/v1/policies/dry-run', { body: { remove: [props.id] }, signal }), [props.id]);
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<unknown>(null);

  async function confirm() {
    setBusy(true);
    setRefused(null);
    try {
      const r = await del<{ revision: number }>(`/v1/policies/${encodeURIComponent(props.id)}`);
      props.onDeleted(r.revision);
    } catch (e) {
      setRefused(e);
      setBusy(false);
    }
  }

  const report = check.data;
  const refusedDetails = refused instanceof ApiError ? (refused.details as { diagnostics?: Diagnostic[]; tests?: TestSummary } | undefined) : undefined;
  const diagnostics = refusedDetails?.diagnostics ?? report?.compile.diagnostics.filter((d) => d.severity !== 'warning') ?? [];
  const failed = refusedDetails?.tests?.failed ?? report?.tests?.failed ?? [];
  const blocked = check.loading ? 'Checking what removing it does…' : refused ? null : report && !report.ok ? 'The control plane would refuse this: fix the problems below first.' : null;

  return (
    <ConfirmDialog title={`Delete ${props.id}?`} confirmLabel={`Delete ${props.id}`} danger busy={busy} blocked={blocked} waiting={check.loading} onConfirm={confirm} onCancel={props.onCancel}>
      <p>
        This publishes the policy set without <code>{props.id}</code> as a new revision; agents stop using it at once. Its versions stay in the audit trail, and publishing the
        id again brings it back.
      </p>
      {check.error != null && <p class="bad-text">Cannot check the effect: {errorText(check.error)}</p>}
      {report?.ok && !refused && (
        <p class="ok-text" data-testid="delete-check">
          The remaining policies compile{report.tests && report.tests.total > 0 ? ` and all ${report.tests.total} tests pass` : ''}.
        </p>
      )}
      {refused != null && <p class="bad-text" role="alert">Refused: {errorText(refused)}</p>}
      {diagnostics.length > 0 && (
        <section aria-label="What would break" class="panel">
          <h3>Removing it breaks compilation</h3>
          <ul class="problems" data-testid="delete-problems">
            {diagnostics.map((d, i) => (
              <li key={i} class="err">
                {d.location.file}:{d.location.row}:{d.location.col} <code>{d.code}</code> {d.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      {failed.length > 0 && (
        <section aria-label="Tests that would fail" class="panel">
          <h3>Removing it fails tests</h3>
          <ul class="tests">
            {failed.map((t) => (
              <li key={t} class="fail">
                {t}
              </li>
            ))}
          </ul>
        </section>
      )}
    </ConfirmDialog>
  );
}
