import { Badge, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { CatalogEntry } from '../../trpc';
import type { JsonSchema } from '../designer/SchemaForm';
import { helpFields } from './help-fields';

const json = (value: unknown) => JSON.stringify(value, null, 2);

/**
 * The help of one component type, from the server's catalog: what it does, its config fields
 * (from the schema the engine parses with) and an example input and output (tested to hold).
 */
export function ComponentHelp({
  entry,
  narrow = false,
}: {
  entry: CatalogEntry;
  /** In a side panel: each field on its own lines rather than a table's row. */
  narrow?: boolean;
}) {
  const fields = helpFields(entry.schema as JsonSchema | undefined);
  const example = entry.example;
  return (
    <Stack gap="xs" data-testid={`help-${entry.kind}-${entry.type}`}>
      <Group gap="xs">
        <Title order={5}>{entry.type}</Title>
        <Badge size="xs" variant="light" tt="none">
          {entry.kind}
        </Badge>
        {entry.plugin && (
          <Badge size="xs" variant="outline">
            plugin
          </Badge>
        )}
      </Group>
      <Text size="sm" data-testid="help-description">
        {entry.description}
      </Text>
      {entry.address && (
        <Text size="xs" c="dimmed">
          A new one starts with the address <Code>{entry.address}</Code> ({'{name}'} is its name).
        </Text>
      )}
      <Text size="xs" fw={700} tt="uppercase" c="dimmed">
        Config fields
      </Text>
      {fields.length === 0 ? (
        <Text size="xs" c="dimmed">
          None: it needs no config.
        </Text>
      ) : narrow ? (
        <Stack gap={6} data-testid="help-fields">
          {fields.map((f) => (
            <div key={f.name} data-testid="help-field">
              <Text size="xs">
                <Code>{f.name}</Code> {f.type}
                {f.required ? ', required' : ''}
                {f.default !== undefined && (
                  <>
                    , default <Code>{f.default}</Code>
                  </>
                )}
              </Text>
              <Text size="xs" c="dimmed">
                {f.description}
              </Text>
            </div>
          ))}
        </Stack>
      ) : (
        <Table fz="xs" verticalSpacing={4} withTableBorder data-testid="help-fields">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>field</Table.Th>
              <Table.Th>type</Table.Th>
              <Table.Th>required</Table.Th>
              <Table.Th>default</Table.Th>
              <Table.Th>what it is</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {fields.map((f) => (
              <Table.Tr key={f.name} data-testid="help-field">
                <Table.Td ff="monospace">{f.name}</Table.Td>
                <Table.Td>{f.type}</Table.Td>
                <Table.Td>{f.required ? 'yes' : 'no'}</Table.Td>
                <Table.Td ff="monospace">{f.default ?? '—'}</Table.Td>
                <Table.Td>{f.description}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {example && (
        <>
          <Text size="xs" fw={700} tt="uppercase" c="dimmed">
            Example
          </Text>
          <Stack gap={4} data-testid="help-example">
            <Text size="xs">With the config</Text>
            <Code block>{json(example.config)}</Code>
            <Text size="xs">the input</Text>
            <Code block data-testid="help-example-input">
              {json(example.input)}
            </Code>
            <Text size="xs">gives</Text>
            <Code block data-testid="help-example-output">
              {json(example.output)}
            </Code>
          </Stack>
        </>
      )}
    </Stack>
  );
}
