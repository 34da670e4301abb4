import { Alert, Group, Stack, Text, TextInput } from '@mantine/core';
import { uriScheme } from '@flow/shared';
import type { CatalogEntry } from '../../../trpc';
import { useRole } from '../../../auth';
import { findEntry } from '../catalog';
import { connectionLayout, NamedConnection } from '../ConnectionField';
import type { ComponentSection, DagDoc } from '../model';
import { useProblems } from '../problems-store';
import { SchemaForm } from '../SchemaForm';
import { useEditorStore } from '../store-context';
import { TypeBadge } from '../TypeBadge';
import { ExpressionPreview } from './ExpressionPreview';
import { PREVIEWED } from './expression-preview';
import { fieldErrors } from './field-errors';
import { NameInput } from './NameInput';

/** The form of one component (subscriber, publisher, calculator or transformer) of the DAG. */
export function ComponentForm({
  section,
  name,
  catalog,
  readOnly,
  node,
}: {
  section: ComponentSection;
  name: string;
  catalog: readonly CatalogEntry[] | undefined;
  readOnly: boolean;
  /** The node whose last live input the preview of an expression uses. */
  node?: string | undefined;
}) {
  const doc = useEditorStore((s) => s.doc);
  const updateComponent = useEditorStore((s) => s.updateComponent);
  const problems = useProblems((s) => s.problems);
  const isAdmin = useRole() === 'admin';
  const list = doc[section] as { name: string; type?: string; config?: Record<string, unknown> }[];
  const index = list.findIndex((c) => c.name === name);
  const spec = list[index];
  if (!spec)
    return (
      <Alert color="red">
        No {section.slice(0, -1)} named “{name}”.
      </Alert>
    );
  const config = spec.config ?? {};
  const address =
    section === 'subscribers' ? 'source' : section === 'publishers' ? 'destination' : undefined;
  const kind = section.slice(0, -1) as CatalogEntry['kind'];
  const type = address
    ? uriScheme(String(config[address] ?? '')) === 'custom'
      ? String(config[address])
      : uriScheme(String(config[address] ?? ''))
    : (spec.type ?? '');
  const entry = findEntry(catalog, kind, type);
  const errors = fieldErrors(problems, [section, index, 'config']);
  const connection = connectionLayout(address && type, entry?.schema, isAdmin);
  const previewed = address ? undefined : PREVIEWED[type];
  const below = previewed
    ? {
        [previewed]: (
          <ExpressionPreview
            text={typeof config[previewed] === 'string' ? config[previewed] : ''}
            field={previewed}
            dag={doc.name || undefined}
            node={node}
          />
        ),
      }
    : undefined;
  const update = (next: Partial<typeof spec>) =>
    updateComponent(section, name, { ...spec, ...next } as DagDoc[typeof section][number]);
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text size="xs" fw={600} tt="uppercase" c="dimmed">
          {kind}
        </Text>
        <TypeBadge type={type} />
      </Group>
      {entry?.description && (
        <Text size="xs" c="dimmed">
          {entry.description}
        </Text>
      )}
      <NameInput
        label={`${kind} name`}
        value={spec.name}
        readOnly={readOnly}
        taken={(n) => list.some((c) => c.name === n)}
        onCommit={(n) => update({ name: n })}
        place={{ segments: [section, index, 'name'], owner: `${kind} "${spec.name}"`, node }}
      />
      {address && (
        <TextInput
          size="xs"
          label={address}
          value={String(config[address] ?? '')}
          readOnly={readOnly}
          error={errors[address]}
          onChange={(e) => update({ config: { ...config, [address]: e.currentTarget.value } })}
          data-field={address}
        />
      )}
      {connection.kind && (
        <NamedConnection
          kind={connection.kind}
          config={config}
          readOnly={readOnly}
          error={errors.connection}
          onChange={(next) => update({ config: next })}
        />
      )}
      {entry ? (
        <SchemaForm
          schema={entry.schema}
          value={config}
          readOnly={readOnly}
          omit={[...(address ? [address] : []), ...connection.omit]}
          errors={errors}
          below={below}
          onChange={(next) => update({ config: next })}
        />
      ) : (
        <Alert color="yellow">
          The server knows no {kind} type “{type}”.
        </Alert>
      )}
    </Stack>
  );
}
