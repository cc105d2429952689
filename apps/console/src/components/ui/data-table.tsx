import type { ReactNode } from "react";
import { EmptyState } from "./alert";
import { cx } from "./cx";
import { Table, Tbody, Td, Th } from "./table";

export interface Column<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Classes for the body cells. */
  className?: string;
  /** A hover title for the body cell (e.g. the full text of a truncated one). */
  title?: (row: T) => string | undefined;
  /** Figures: right-aligned, in tabular digits. */
  numeric?: boolean;
}

/**
 * A labelled table with one row per item. `rows` undefined (still loading) renders nothing; no
 * rows renders `empty` when given. `actions` adds a last, right-aligned column for row buttons.
 */
export function DataTable<T extends { id: string }>({ label, rows, columns, actions, empty, rowClassName }: {
  label: string;
  rows: readonly T[] | undefined;
  columns: Column<T>[];
  actions?: (row: T) => ReactNode;
  empty?: ReactNode;
  rowClassName?: string;
}) {
  if (!rows) return null;
  if (rows.length === 0 && empty !== undefined) return <EmptyState>{empty}</EmptyState>;
  return (
    <Table label={label}>
      <thead>
        <tr>
          {columns.map((c, i) => (
            <Th key={i} className={c.numeric ? "text-right" : undefined}>
              {c.header}
            </Th>
          ))}
          {actions ? (
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          ) : null}
        </tr>
      </thead>
      <Tbody>
        {rows.map((row) => (
          <tr key={row.id} className={rowClassName}>
            {columns.map((c, i) => (
              <Td key={i} className={cx(c.numeric && "text-right tabular-nums", c.className)} title={c.title?.(row)}>
                {c.cell(row)}
              </Td>
            ))}
            {actions ? <Td className="text-right">{actions(row)}</Td> : null}
          </tr>
        ))}
      </Tbody>
    </Table>
  );
}
