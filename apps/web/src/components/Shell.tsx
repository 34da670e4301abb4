import {
  ActionIcon,
  AppShell,
  Badge,
  Group,
  Menu,
  Text,
  Tooltip,
  UnstyledButton,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { IconMoon, IconSun, IconUser } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { useMe } from '../auth';
import { can, useSocketState, useTRPC } from '../trpc';
import { ReadOnlyBanner } from '../features/cluster/ReadOnlyBanner';
import { ServerBadge } from '../features/cluster/ServerBadge';

function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const [location] = useLocation();
  const active = href === '/' ? location === '/' : location.startsWith(href);
  return (
    <UnstyledButton
      component={Link}
      href={href}
      px="sm"
      py={4}
      style={{
        borderRadius: 'var(--mantine-radius-sm)',
        whiteSpace: 'nowrap',
        fontWeight: active ? 600 : 400,
        background: active ? 'var(--mantine-color-default-hover)' : undefined,
      }}
    >
      {children}
    </UnstyledButton>
  );
}

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
        <UnstyledButton data-testid="user-menu">
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
  return (
    <AppShell header={{ height: 48 }} padding={0}>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Text fw={700} size="lg" mr="md" component={Link} href="/" c="inherit" td="none">
              Flow
            </Text>
            <NavLink href="/">Dashboard</NavLink>
            {can.edit(me?.role) && <NavLink href="/dags/new">New DAG</NavLink>}
            {me?.role === 'admin' && (
              <>
                <NavLink href="/admin/users">Users</NavLink>
                <NavLink href="/admin/connections">Connections</NavLink>
                <NavLink href="/admin/audit">Audit log</NavLink>
              </>
            )}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <SocketStatus />
            <ServerBadge />
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
