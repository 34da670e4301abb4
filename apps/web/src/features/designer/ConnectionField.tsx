import { Select, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { connectionKindOf, type ConnectionKind } from '@flow/shared';
import { useRole } from '../../auth';
import { useTRPC } from '../../trpc';
import type { JsonSchema } from './SchemaForm';

type Config = Record<string, unknown>;

/**
 * How a subscriber's or publisher's form shows its connection: for a network adapter (its schema
 * has `connection`), a choice among named connections; inline `url` and `brokers` fields only
 * for admins (the server refuses them from anyone else).
 */
export function connectionLayout(
  type: string | undefined,
  schema: JsonSchema | undefined,
  isAdmin: boolean,
): { kind: ConnectionKind | undefined; omit: readonly string[] } {
  const kind = type && schema?.properties?.connection ? connectionKindOf(type) : undefined;
  if (!kind) return { kind: undefined, omit: [] };
  return { kind, omit: ['connection', ...(isAdmin ? [] : ['url', 'brokers'])] };
}

/** The connection choice, and for non-admins the inline settings an admin stored, read-only. */
export function NamedConnection({
  kind,
  config,
  readOnly,
  error,
  onChange,
}: {
  kind: ConnectionKind;
  config: Config;
  readOnly: boolean;
  error: string | undefined;
  onChange: (config: Config) => void;
}) {
  const isAdmin = useRole() === 'admin';
  return (
    <Stack gap={4}>
      <ConnectionField
        kind={kind}
        value={typeof config.connection === 'string' ? config.connection : undefined}
        readOnly={readOnly}
        error={error}
        onChange={(connection) => {
          const rest = Object.fromEntries(
            Object.entries(config).filter(([k]) => k !== 'connection'),
          );
          onChange(connection === undefined ? rest : { ...rest, connection });
        }}
      />
      {!isAdmin && <InlineHostNote config={config} />}
    </Stack>
  );
}

interface ConnectionFieldProps {
  kind: ConnectionKind;
  value: string | undefined;
  onChange: (name: string | undefined) => void;
  readOnly: boolean;
  error: string | undefined;
}

/**
 * The named connection of a network subscriber or publisher, chosen from those an admin set
 * up (`connections.list`: names and kinds only). Empty means the connection named `default`.
 */
function ConnectionField({ kind, value, onChange, readOnly, error }: ConnectionFieldProps) {
  const trpc = useTRPC();
  const list = useQuery(trpc.connections.list.queryOptions());
  const names = (list.data ?? []).filter((c) => c.kind === kind).map((c) => c.name);
  // A name that is not (or no longer) known stays choosable, so the form shows what is saved.
  const data = value && !names.includes(value) ? [value, ...names] : names;
  return (
    <Select
      size="xs"
      label="connection"
      description={`a ${kind} connection an admin set up; empty: "default"`}
      placeholder="default"
      data={data}
      value={value ?? null}
      clearable
      searchable
      readOnly={readOnly}
      error={error}
      nothingFoundMessage={`no ${kind} connections: ask an admin`}
      onChange={(name) => onChange(name ?? undefined)}
      comboboxProps={{ withinPortal: true }}
      data-field="connection"
    />
  );
}

/** Inline connection settings an admin stored, shown (credentials as `***`) to those who may not change them. */
function InlineHostNote({ config }: { config: Config }) {
  const inline = ['url', 'brokers'].filter((k) => config[k] !== undefined);
  if (inline.length === 0) return null;
  return (
    <Text size="xs" c="dimmed" data-testid="inline-host-note">
      Set inline by an admin (only admins may change it):{' '}
      {inline.map((k) => `${k} ${JSON.stringify(config[k])}`).join(', ')}
    </Text>
  );
}
