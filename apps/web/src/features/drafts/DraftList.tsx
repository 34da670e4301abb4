import { Anchor, Badge, Button, Group, Paper, Table, Text, Tooltip } from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { DraftSummary } from '@flow/shared';
import { Link } from 'wouter';
import { useTRPC } from '../../trpc';
import { draftBlockReason } from './draft-store';

/** Every draft, refreshed with the dashboard. */
export function useDrafts() {
  const trpc = useTRPC();
  return useQuery(trpc.dags.drafts.queryOptions(undefined, { refetchInterval: 5_000 }));
}

const problemsText = (n: number) => (n === 1 ? '1 problem' : `${n} problems`);

/** Beside a DAG's name on the dashboard when it has a draft. */
export function DraftBadge({ name }: { name: string }) {
  const draft = useDrafts().data?.find((d) => d.name === name);
  if (!draft) return null;
  return (
    <Tooltip label={`A draft with ${problemsText(draft.problemCount)}, saved by ${draft.savedBy}`}>
      <Badge size="xs" color="yellow" variant="light" ml={6} data-testid={`draft-badge-${name}`}>
        draft
      </Badge>
    </Tooltip>
  );
}

/**
 * The DAGs that exist only as drafts (never saved without problems): listed so that they can be
 * opened, with a Start that says why it is not offered.
 */
export function DraftOnlyList({ canOperate }: { canOperate: boolean }) {
  const drafts = (useDrafts().data ?? []).filter((d) => d.latestVersion === null);
  if (drafts.length === 0) return null;
  return (
    <Paper withBorder data-testid="draft-only-list">
      <Text size="sm" fw={600} px="sm" pt="xs">
        Drafts not saved as a DAG yet
      </Text>
      <Table verticalSpacing={6} fz="sm">
        <Table.Tbody>
          {drafts.map((d) => (
            <DraftRow key={d.name} draft={d} canOperate={canOperate} />
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function DraftRow({ draft, canOperate }: { draft: DraftSummary; canOperate: boolean }) {
  return (
    <Table.Tr data-testid={`draft-row-${draft.name}`}>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Anchor component={Link} href={`/dags/${draft.name}`} fw={600} size="sm">
            {draft.name}
          </Anchor>
          <Badge size="xs" color="yellow" variant="light">
            draft
          </Badge>
        </Group>
      </Table.Td>
      <Table.Td c="dimmed">
        {problemsText(draft.problemCount)}, saved by {draft.savedBy} at{' '}
        {new Date(draft.savedAt).toLocaleString()}
      </Table.Td>
      <Table.Td w={1}>
        {canOperate && (
          <Tooltip label={draftBlockReason(draft)} multiline w={300}>
            <Button
              size="xs"
              color="green"
              variant="light"
              leftSection={<IconPlayerPlay size={12} />}
              data-disabled
              aria-disabled
              onClick={(e) => e.preventDefault()}
            >
              Start
            </Button>
          </Tooltip>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
