import { Select, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ConnectionKind } from '@flow/shared';
import { useTRPC } from '../trpc';

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
export function ConnectionField({ kind, value, onChange, readOnly, error }: ConnectionFieldProps) {
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
export function InlineHostNote({ config }: { config: Record<string, unknown> }) {
  const inline = ['url', 'brokers'].filter((k) => config[k] !== undefined);
  if (inline.length === 0) return null;
  return (
    <Text size="xs" c="dimmed" data-testid="inline-host-note">
      Set inline by an admin (only admins may change it):{' '}
      {inline.map((k) => `${k} ${JSON.stringify(config[k])}`).join(', ')}
    </Text>
  );
}
