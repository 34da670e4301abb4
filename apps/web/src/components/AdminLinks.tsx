import { Menu, UnstyledButton } from '@mantine/core';
import { IconChevronDown } from '@tabler/icons-react';
import { Link, useLocation } from 'wouter';
import { NavLink } from './NavLink';

const PAGES = [
  { href: '/admin/users', label: 'Users' },
  { href: '/admin/connections', label: 'Connections' },
  { href: '/admin/audit', label: 'Audit log' },
] as const;

/** The header's links to the admin pages: one each, or in a narrow window one "Admin" menu. */
export function AdminLinks({ compact }: { compact: boolean }) {
  const [location] = useLocation();
  if (!compact)
    return PAGES.map((page) => (
      <NavLink key={page.href} href={page.href}>
        {page.label}
      </NavLink>
    ));
  const active = location.startsWith('/admin');
  return (
    <Menu position="bottom-start">
      <Menu.Target>
        <UnstyledButton
          px="sm"
          py={4}
          style={{
            borderRadius: 'var(--mantine-radius-sm)',
            whiteSpace: 'nowrap',
            display: 'flex',
            alignItems: 'center',
            gap: 4,
            fontWeight: active ? 600 : 400,
            background: active ? 'var(--mantine-color-default-hover)' : undefined,
          }}
        >
          Admin
          <IconChevronDown size={14} />
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        {PAGES.map((page) => (
          <Menu.Item
            key={page.href}
            component={Link}
            href={page.href}
            fw={location.startsWith(page.href) ? 600 : undefined}
          >
            {page.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
