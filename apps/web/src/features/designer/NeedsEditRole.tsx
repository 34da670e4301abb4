import { Button, Center, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Link } from 'wouter';

/** What a viewer gets at /dags/new: why there is no editor, and the way back. */
export function NeedsEditRole() {
  return (
    <Center h="100%" data-testid="needs-edit-role">
      <Stack align="center" gap="xs" maw={420}>
        <ThemeIcon size={48} radius="xl" variant="light" color="gray">
          <IconLock size={26} />
        </ThemeIcon>
        <Title order={3} ta="center">
          You need the analyst role to create DAGs
        </Title>
        <Text size="sm" c="dimmed" ta="center">
          Your account can watch DAGs but not design them. Ask an admin for the analyst role to draw
          and save new ones.
        </Text>
        <Button component={Link} href="/" variant="light" mt="xs">
          Back to the DAGs
        </Button>
      </Stack>
    </Center>
  );
}
