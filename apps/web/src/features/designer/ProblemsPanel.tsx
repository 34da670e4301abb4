import { Badge, Group, ScrollArea, Table, Text } from '@mantine/core';
import type { PathSegments } from '@flow/shared';
import { useProblems } from './problems-store';
import { nodeOfProblem } from './model';
import { selectGraph } from './store';
import { useEditorStore, useEditorStoreApi } from './store-context';

interface Row {
  code: string;
  path: string;
  segments: PathSegments;
  message: string;
  node?: string | undefined;
}

/** What the header says beside the counts. */
function summary(problems: number, warnings: number): string | undefined {
  if (problems > 0) return undefined;
  if (warnings === 0) return 'The DAG is valid.';
  return `No problems; ${warnings === 1 ? 'a warning' : `${warnings} warnings`} (it can be saved).`;
}

/**
 * Every problem of the DAG, as the server would report it, then its warnings (allowed, but likely
 * a mistake: they never block a save); clicking one focuses its node. A code is shown whole.
 */
export function ProblemsPanel() {
  const problems = useProblems((s) => s.problems);
  const warnings = useProblems((s) => s.warnings);
  const designer = useEditorStoreApi();
  const focusNode = useEditorStore((s) => s.focusNode);
  const text = summary(problems.length, warnings.length);
  const row = (p: Row, i: number, level: 'problem' | 'warning') => {
    const node = p.node ?? nodeOfProblem(p.segments, selectGraph(designer.getState()));
    return (
      <Table.Tr
        key={`${level}${i}`}
        style={{ cursor: node ? 'pointer' : undefined }}
        onClick={() => node && focusNode(node)}
        data-testid={level}
      >
        <Table.Td style={{ whiteSpace: 'nowrap', width: '1%' }}>
          <Badge
            size="xs"
            color={level === 'problem' ? 'red' : 'yellow'}
            variant="light"
            tt="none"
            title={level}
            styles={{ root: { overflow: 'visible' }, label: { overflow: 'visible' } }}
            data-testid="problem-code"
          >
            {p.code}
          </Badge>
        </Table.Td>
        <Table.Td w={220} ff="monospace" c="dimmed">
          {p.path}
        </Table.Td>
        <Table.Td>{p.message}</Table.Td>
        <Table.Td w={120}>{node && <Text size="xs">→ {node}</Text>}</Table.Td>
      </Table.Tr>
    );
  };
  return (
    <ScrollArea h="100%" data-testid="problems-panel">
      <Group px="sm" py={4} gap="xs">
        <Text size="xs" fw={700} tt="uppercase">
          Problems
        </Text>
        <Badge size="sm" color={problems.length ? 'red' : 'green'} data-testid="problem-count">
          {problems.length}
        </Badge>
        {warnings.length > 0 && (
          <Badge size="sm" color="yellow" title="warnings" data-testid="warning-count">
            {warnings.length} ⚠
          </Badge>
        )}
        {text && (
          <Text size="xs" c="dimmed" data-testid="problems-summary">
            {text}
          </Text>
        )}
      </Group>
      {problems.length + warnings.length > 0 && (
        <Table verticalSpacing={2} fz="xs" highlightOnHover>
          <Table.Tbody>
            {problems.map((p, i) => row(p, i, 'problem'))}
            {warnings.map((w, i) => row(w, i, 'warning'))}
          </Table.Tbody>
        </Table>
      )}
    </ScrollArea>
  );
}
