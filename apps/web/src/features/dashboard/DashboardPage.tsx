import {
  Alert,
  Anchor,
  Button,
  Center,
  CloseButton,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
} from '@mantine/core';
import { IconPlus, IconSearch, IconSitemap } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'wouter';
import { useRole } from '../../auth';
import { can, errorText, useTRPC, type DagSummary } from '../../trpc';
import { DraftOnlyList } from '../drafts/DraftList';
import { CloneDagModal } from './CloneDagModal';
import { DagSummaryCards } from './DagSummaryCards';
import { DagTable } from './DagTable';
import { DeleteDagModal } from './DeleteDagModal';
import { Page } from './Page';
import { WorkersStrip } from './WorkersStrip';

type Dialog = { kind: 'clone' | 'delete'; dag: DagSummary; opened: boolean };

/** Every DAG with its state, window, size, rate and errors, refreshed every 2 s; actions by role. */
export function DashboardPage() {
  const trpc = useTRPC();
  const role = useRole();
  const list = useQuery(trpc.dags.list.queryOptions(undefined, { refetchInterval: 2_000 }));
  const [search, setSearch] = useState('');
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const dags = useMemo(
    () => [...(list.data ?? [])].sort((a, b) => a.name.localeCompare(b.name)),
    [list.data],
  );
  const names = useMemo(() => dags.map((d) => d.name), [dags]);
  const needle = search.trim().toLowerCase();
  const shown = needle ? dags.filter((d) => d.name.toLowerCase().includes(needle)) : dags;

  const open = (kind: Dialog['kind']) => (dag: DagSummary) =>
    setDialog({ kind, dag, opened: true });
  const close = () => setDialog((d) => d && { ...d, opened: false });

  const newDag = can.edit(role) && (
    <Button component={Link} href="/dags/new" leftSection={<IconPlus size={14} />}>
      New DAG
    </Button>
  );

  return (
    <Page
      title="DAGs"
      description="Every pipeline on this server, refreshed every 2 seconds."
      actions={newDag}
    >
      {list.isPending ? (
        <Center py="xl">
          <Loader size="sm" />
        </Center>
      ) : list.isError && !list.data ? (
        <Alert color="red" title="Could not load the DAGs" role="alert">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{errorText(list.error)}</Text>
            <Button variant="light" color="red" onClick={() => list.refetch()}>
              Try again
            </Button>
          </Stack>
        </Alert>
      ) : dags.length === 0 ? (
        <NoDags canEdit={can.edit(role)} />
      ) : (
        <>
          <DagSummaryCards dags={dags} />
          <WorkersStrip />
          {list.isError && (
            <Alert color="yellow" variant="light" py="xs" role="status">
              Could not refresh ({errorText(list.error)}); showing the last known states.
            </Alert>
          )}
          <Paper withBorder>
            <Group px="sm" py="xs" justify="space-between" wrap="nowrap">
              <TextInput
                aria-label="Search DAGs"
                placeholder="Search by name"
                size="xs"
                w={280}
                leftSection={<IconSearch size={14} />}
                value={search}
                onChange={(e) => setSearch(e.currentTarget.value)}
                rightSection={
                  search && (
                    <CloseButton
                      size="sm"
                      aria-label="Clear search"
                      onClick={() => setSearch('')}
                    />
                  )
                }
                data-testid="dag-search"
              />
              <Text size="xs" c="dimmed">
                {needle ? `${shown.length} of ${dags.length}` : dags.length}{' '}
                {dags.length === 1 ? 'DAG' : 'DAGs'}
              </Text>
            </Group>
            <DagTable
              dags={shown}
              role={role}
              onClone={open('clone')}
              onDelete={open('delete')}
              empty={
                <Text size="sm" c="dimmed" ta="center" py="lg" data-testid="dags-no-match">
                  No DAG name contains “{search.trim()}”.{' '}
                  <Anchor component="button" type="button" size="sm" onClick={() => setSearch('')}>
                    Clear the search
                  </Anchor>
                </Text>
              }
            />
          </Paper>
        </>
      )}
      <DraftOnlyList canOperate={can.operate(role)} />
      <CloneDagModal
        opened={dialog?.kind === 'clone' && dialog.opened}
        dag={dialog?.kind === 'clone' ? dialog.dag : null}
        existingNames={names}
        onClose={close}
      />
      <DeleteDagModal
        opened={dialog?.kind === 'delete' && dialog.opened}
        dag={dialog?.kind === 'delete' ? dialog.dag : null}
        onClose={close}
      />
    </Page>
  );
}

/** What to do when the server has no DAG yet. */
function NoDags({ canEdit }: { canEdit: boolean }) {
  return (
    <Paper withBorder p="xl" data-testid="dags-empty">
      <Stack align="center" gap="xs" maw={480} mx="auto" ta="center">
        <ThemeIcon variant="light" size={48} radius="xl">
          <IconSitemap size={26} />
        </ThemeIcon>
        <Text fw={600}>No DAGs yet</Text>
        {canEdit ? (
          <>
            <Text size="sm" c="dimmed">
              Draw a pipeline in the designer: drag subscribers, calculators and publishers onto the
              canvas, wire them and save. DAG files in the server&apos;s config folder show up here
              too.
            </Text>
            <Button component={Link} href="/dags/new" leftSection={<IconPlus size={14} />} mt="xs">
              New DAG
            </Button>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            Nothing to watch yet. Ask an analyst to design a DAG, or an admin to put DAG files in
            the server&apos;s config folder.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
