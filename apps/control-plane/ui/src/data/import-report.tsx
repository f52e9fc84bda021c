/** Per-row outcome of a bulk import: what was accepted, and every row's problems. */
import type { RowResult } from './import-rows';

export function ImportReport<T>(props: { rows: RowResult<T>[]; serverErrors?: Map<number, string[]>; label: string }) {
  const bad = props.rows.filter((r) => r.errors.length > 0 || props.serverErrors?.has(props.rows.indexOf(r)));
  if (props.rows.length === 0) return null;
  return (
    <div class="import-report" role="status">
      <p>
        {props.rows.length - bad.length} of {props.rows.length} {props.label} valid{bad.length ? `; ${bad.length} with problems:` : '.'}
      </p>
      {bad.length > 0 && (
        <ul class="row-errors" data-testid="row-errors">
          {bad.map((r) => (
            <li key={r.row}>
              <strong>Row {r.row}:</strong> {[...r.errors, ...(props.serverErrors?.get(props.rows.indexOf(r)) ?? [])].join('; ')}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
