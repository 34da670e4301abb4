import { Box, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

interface PageProps {
  title: string;
  /** One line under the title. */
  description?: ReactNode;
  /** Buttons on the right of the title. */
  actions?: ReactNode;
  children: ReactNode;
}

/** The frame of a scrolling content page (dashboard, admin pages): title row, then content. */
export function Page({ title, description, actions, children }: PageProps) {
  return (
    <Box h="100%" style={{ overflow: 'auto' }}>
      <Stack gap="md" p="md" maw={1400} mx="auto">
        <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
          <div>
            <Title order={3}>{title}</Title>
            {description && (
              <Text size="sm" c="dimmed">
                {description}
              </Text>
            )}
          </div>
          {actions && <Group gap="xs">{actions}</Group>}
        </Group>
        {children}
      </Stack>
    </Box>
  );
}
