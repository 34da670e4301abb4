import { UnstyledButton } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';

/** A link of the header, shown as active on its page (and below it). */
export function NavLink({ href, children }: { href: string; children: ReactNode }) {
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
