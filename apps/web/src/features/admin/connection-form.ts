import {
  connectionKinds,
  connectionNameSchema,
  REDACTED,
  saveConnectionInputSchema,
  type ConnectionKind,
  type ConnectionSummary,
  type SaveConnectionInput,
} from '@flow/shared';

export const kindOptions = connectionKinds;
export const saslMechanisms = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
type Mechanism = (typeof saslMechanisms)[number];

/** The fields of the connection form; credentials are write-only (empty: keep the stored one). */
export interface ConnectionForm {
  kind: ConnectionKind;
  name: string;
  url: string;
  table: string;
  cursorColumn: string;
  brokers: string;
  clientId: string;
  ssl: boolean;
  saslMechanism: Mechanism | '';
  saslUsername: string;
  saslPassword: string;
  /** Editing a stored connection that has a SASL password: an empty field keeps it. */
  hasStoredPassword: boolean;
}

export function emptyForm(kind: ConnectionKind = 'redis'): ConnectionForm {
  return {
    kind,
    name: '',
    url: '',
    table: '',
    cursorColumn: 'id',
    brokers: '',
    clientId: '',
    ssl: false,
    saslMechanism: '',
    saslUsername: '',
    saslPassword: '',
    hasStoredPassword: false,
  };
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** The form for editing a connection as `connections.list` shows it to admins (credentials `***`). */
export function formFromSummary(summary: ConnectionSummary): ConnectionForm {
  const s = summary.settings ?? {};
  const sasl = (s.sasl ?? {}) as Record<string, unknown>;
  const mechanism = saslMechanisms.find((m) => m === sasl.mechanism);
  return {
    ...emptyForm(summary.kind),
    name: summary.name,
    url: text(s.url),
    table: text(s.table),
    cursorColumn: text(s.cursor_column) || 'id',
    brokers: Array.isArray(s.brokers) ? s.brokers.join(', ') : '',
    clientId: text(s.client_id),
    ssl: s.ssl === true,
    saslMechanism: mechanism ?? '',
    saslUsername: text(sasl.username),
    hasStoredPassword: mechanism !== undefined,
  };
}

/** The form field of a place in `connections.save`'s input (`settings.brokers.0` is `brokers`). */
const fieldOfPath: Readonly<Record<string, keyof ConnectionForm>> = {
  name: 'name',
  'settings.url': 'url',
  'settings.table': 'table',
  'settings.cursor_column': 'cursorColumn',
  'settings.brokers': 'brokers',
  'settings.client_id': 'clientId',
  'settings.sasl.mechanism': 'saslMechanism',
  'settings.sasl.username': 'saslUsername',
  'settings.sasl.password': 'saslPassword',
};

function fieldOf(path: readonly PropertyKey[]): string {
  for (let n = path.length; n > 0; n--) {
    const field = fieldOfPath[path.slice(0, n).map(String).join('.')];
    if (field) return field;
  }
  return 'name';
}

/**
 * What the server gets, or the problems of the form by field: the form's own checks first (in
 * its words), then `connections.save`'s input schema, the server's rule.
 */
export function toSaveInput(
  form: ConnectionForm,
):
  | { input: SaveConnectionInput; errors?: undefined }
  | { input?: undefined; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (!connectionNameSchema.safeParse(form.name).success)
    errors.name = 'Letters, digits and _, starting with a letter';
  const url = form.url.trim();
  if (form.kind !== 'kafka' && !/^[a-z][a-z0-9+.-]*:\/\/.+/i.test(url))
    errors.url = 'A URL such as redis://host:6379';
  if (form.kind === 'sql' && !form.table.trim()) errors.table = 'The table to read or write';
  const brokers = form.brokers
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (form.kind === 'kafka' && brokers.length === 0) errors.brokers = 'At least one host:port';
  const password = form.saslPassword || (form.hasStoredPassword ? REDACTED : '');
  if (form.kind === 'kafka' && form.saslMechanism && !password)
    errors.saslPassword = 'Enter the password';
  if (Object.keys(errors).length) return { errors };
  const input = buildInput(form, url, brokers, password);
  const parsed = saveConnectionInputSchema.safeParse(input);
  if (parsed.success) return { input };
  for (const issue of parsed.error.issues) errors[fieldOf(issue.path)] ??= issue.message;
  return { errors };
}

function buildInput(
  form: ConnectionForm,
  url: string,
  brokers: string[],
  password: string,
): SaveConnectionInput {
  const name = form.name;
  switch (form.kind) {
    case 'redis':
    case 'stomp':
      return { kind: form.kind, name, settings: { url } };
    case 'sql':
      return {
        kind: 'sql',
        name,
        settings: {
          url,
          table: form.table.trim(),
          cursor_column: form.cursorColumn.trim() || 'id',
        },
      };
    case 'kafka':
      return {
        kind: 'kafka',
        name,
        settings: {
          brokers,
          ssl: form.ssl,
          ...(form.clientId.trim() && { client_id: form.clientId.trim() }),
          ...(form.saslMechanism && {
            sasl: { mechanism: form.saslMechanism, username: form.saslUsername, password },
          }),
        },
      };
  }
}

/** One line saying where a connection goes, credentials already `***`. */
export function describeSettings(summary: ConnectionSummary): string {
  const s = summary.settings ?? {};
  if (typeof s.url === 'string') return s.table ? `${s.url} (table ${String(s.table)})` : s.url;
  if (Array.isArray(s.brokers)) return s.brokers.join(', ');
  return '';
}
