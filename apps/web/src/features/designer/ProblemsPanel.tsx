import { Badge, Group, ScrollArea, Table, Text } from '@mantine/core';
import { useProblems } from './problems-store';
import { nodeOfProblem } from './model';
import { selectGraph } from './store';
import { useEditorStore, useEditorStoreApi } from './store-context';

/** Every problem of the DAG, as the server would report it; clicking one focuses its node. */
export function ProblemsPanel() {
  const problems = useProblems((s) => s.problems);
  const designer = useEditorStoreApi();
  const focusNode = useEditorStore((s) => s.focusNode);
  return (
    <ScrollArea h="100%" data-testid="problems-panel">
      <Group px="sm" py={4} gap="xs">
        <Text size="xs" fw={700} tt="uppercase">
          Problems
        </Text>
        <Badge size="sm" color={problems.length ? 'red' : 'green'} data-testid="problem-count">
          {problems.length}
        </Badge>
        {problems.length === 0 && (
          <Text size="xs" c="dimmed">
            The DAG is valid.
          </Text>
        )}
      </Group>
      {problems.length > 0 && (
        <Table verticalSpacing={2} fz="xs" highlightOnHover>
          <Table.Tbody>
            {problems.map((p, i) => {
              const node = nodeOfProblem(p.segments, selectGraph(designer.getState()));
              return (
                <Table.Tr
                  key={i}
                  style={{ cursor: node ? 'pointer' : undefined }}
                  onClick={() => node && focusNode(node)}
                  data-testid="problem"
                >
                  <Table.Td w={80}>
                    <Badge size="xs" color="red" variant="light">
                      {p.code}
                    </Badge>
                  </Table.Td>
                  <Table.Td w={260} ff="monospace" c="dimmed">
                    {p.path}
                  </Table.Td>
                  <Table.Td>{p.message}</Table.Td>
                  <Table.Td w={120}>{node && <Text size="xs">→ {node}</Text>}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </ScrollArea>
  );
}
