/**
 * The pages' tables, from column definitions: a scrolling frame, a caption for screen readers,
 * header cells with their scope, a column of row buttons whose header only screen readers
 * read, optional detail rows under a row, and (`stacked`) one card per row below 600 px.
 */
import type { ComponentChildren } from 'preact';
import { Fragment } from 'preact';

/** One column: its header and what each row shows under it. */
export interface Column<T> {
  /** The header; in a stacked table also the label beside each value on phones. */
  readonly header: string;
  readonly cell: (row: T) => ComponentChildren;
  /** The row's buttons: the header is read by screen readers only, the cell keeps its buttons together at the end. */
  readonly actions?: boolean;
  /** The label on phones when the header is too long for it. */
  readonly label?: string;
  readonly class?: string;
  readonly testId?: string;
}

/** Attributes of a row: a class for its state and data-* attributes that name it (for tests and styles). */
export type RowAttributes = { class?: string } & { [data: `data-${string}`]: string };

export function DataTable<T>(props: {
  /** Read by screen readers only: what the rows are. */
  caption: ComponentChildren;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  row?: (row: T) => RowAttributes;
  /** Shown in a full-width row under the row when it returns something (an expanded row). */
  detail?: (row: T) => ComponentChildren;
  /** Below 600 px, one card per row with each value labelled; otherwise the table scrolls in its frame. */
  stacked?: boolean;
  testId?: string;
}) {
  const { columns, stacked } = props;
  return (
    <div class="table-wrap">
      <table class={stacked ? 'table stack' : 'table'} data-testid={props.testId}>
        <caption class="sr-only">{props.caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c.header}>
                {c.actions ? <span class="sr-only">{c.header}</span> : c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => {
            const key = props.rowKey(r);
            const detail = props.detail?.(r);
            return (
              <Fragment key={key}>
                <tr {...props.row?.(r)}>
                  {columns.map((c) => (
                    <Cell key={c.header} column={c} row={r} stacked={stacked} />
                  ))}
                </tr>
                {detail != null && detail !== false && (
                  <tr class="detail">
                    <td colSpan={columns.length}>{detail}</td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Cell<T>(props: { column: Column<T>; row: T; stacked?: boolean }) {
  const c = props.column;
  const content = c.cell(props.row);
  const cls = [c.actions ? 'row-actions' : '', c.class ?? ''].filter(Boolean).join(' ') || undefined;
  if (!props.stacked || c.actions) {
    return (
      <td class={cls} data-testid={c.testId}>
        {content}
      </td>
    );
  }
  // A stacked cell is a flex row of label and value: the value is wrapped so that text and
  // elements in it stay together on the right.
  return (
    <td class={cls} data-label={c.label ?? c.header} data-testid={c.testId}>
      <span>{content}</span>
    </td>
  );
}
