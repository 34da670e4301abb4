import type { Pool } from 'pg';
import { AdapterError } from '../../errors';

/*
 * A source's table as the adapter sees it: its columns, and whether it is a message table (one
 * with a `payload` column of type json, jsonb or text) or a plain one (each column a key).
 * Identifiers are double-quoted as written (so they are case-sensitive); values are always query
 * parameters, never SQL text.
 */

export interface Column {
  readonly name: string;
  /** json or jsonb: values are written as JSON text and read back parsed. */
  readonly json: boolean;
  readonly text: boolean;
  readonly array: boolean;
}

export interface TableInfo {
  readonly columns: ReadonlyMap<string, Column>;
  /** The `payload` column of a message table. */
  readonly payload: Column | undefined;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `schema.table` or `table`, each part quoted. */
export function quoteTable(table: string): string {
  return table.split('.').map(quoteIdent).join('.');
}

export async function readTableInfo(pool: Pool, table: string): Promise<TableInfo> {
  // pg_attribute with to_regclass rather than information_schema.columns: it resolves the table
  // like the statements do (search_path, quoting) and lists columns regardless of privileges.
  const { rows } = await pool.query<{ name: string; type: string; category: string }>(
    `SELECT a.attname AS name, t.typname AS type, t.typcategory AS category
       FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
      WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [quoteTable(table)],
  );
  if (rows.length === 0) throw new AdapterError(`table ${table} does not exist`);
  const columns = new Map<string, Column>();
  for (const row of rows) {
    columns.set(row.name, {
      name: row.name,
      json: row.type === 'json' || row.type === 'jsonb',
      text: row.type === 'text',
      array: row.category === 'A',
    });
  }
  const payload = columns.get('payload');
  return { columns, payload: payload && (payload.json || payload.text) ? payload : undefined };
}
