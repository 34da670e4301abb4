import {
  ActionIcon,
  AppShell,
  Badge,
  Box,
  Group,
  Menu,
  Text,
  Tooltip,
  UnstyledButton,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconMoon, IconSun, IconUser } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { useMe } from '../auth';
import { can, useSocketState, useTRPC } from '../trpc';
import { AdminLinks } from './AdminLinks';
import { NavLink } from './NavLink';
import { ReadOnlyBanner } from '../features/cluster/ReadOnlyBanner';
import { ServerBadge } from '../features/cluster/ServerBadge';

export function SocketStatus() {
  const state = useSocketState((s) => s.state);
  const color = { idle: 'gray', connecting: 'yellow', open: 'green', reconnecting: 'orange' }[
    state
  ];
  const label = {
    idle: 'live: idle',
    connecting: 'live: connecting',
    open: 'live: connected',
    reconnecting: 'live: reconnecting…',
  }[state];
  return (
    <Badge color={color} variant="dot" data-testid="socket-status" data-state={state}>
      {label}
    </Badge>
  );
}

function ThemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light');
  return (
    <Tooltip label="Light or dark theme">
      <ActionIcon
        aria-label="Toggle colour scheme"
        onClick={() => setColorScheme(computed === 'light' ? 'dark' : 'light')}
      >
        {computed === 'light' ? <IconMoon size={18} /> : <IconSun size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}

function UserMenu() {
  const trpc = useTRPC();
  const me = useMe().data;
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSuccess: () => {
        queryClient.clear();
        navigate('/login');
      },
    }),
  );
  if (!me) return null;
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <UnstyledButton data-testid="user-menu" style={{ flexShrink: 0 }}>
          <Group gap={6} wrap="nowrap">
            <IconUser size={16} />
            <Text size="sm">{me.username}</Text>
            <Badge size="xs" variant="outline">
              {me.role}
            </Badge>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => logout.mutate()}>Sign out</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const me = useMe().data;
  // Below 1280 px the admin pages go into a menu and the server badge is shorter: the header
  // stays on one line at 1024.
  const narrow = useMediaQuery('(max-width: 1279px)') ?? false;
  return (
    <AppShell header={{ height: 48 }} padding={0}>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Text
              fw={700}
              size="lg"
              mr={narrow ? 'xs' : 'md'}
              component={Link}
              href="/"
              c="inherit"
              td="none"
            >
              Flow
            </Text>
            <NavLink href="/">Dashboard</NavLink>
            {can.edit(me?.role) && <NavLink href="/dags/new">New DAG</NavLink>}
            {me?.role === 'admin' && <AdminLinks compact={narrow} />}
          </Group>
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Box style={{ flexShrink: 0, display: 'flex' }}>
              <SocketStatus />
            </Box>
            <ServerBadge compact={narrow} />
            <ThemeToggle />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main h="100vh" style={{ display: 'flex', flexDirection: 'column' }}>
        <ReadOnlyBanner />
        <div style={{ flex: 1, minHeight: 0 }}>{children}</div>
      </AppShell.Main>
    </AppShell>
  );
}
