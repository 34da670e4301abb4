import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';
import { useRole } from '../../auth';

/** The admin pages' content, or a note for everyone else (the server refuses them anyway). */
export function AdminOnly({ children }: { children: ReactNode }) {
  const role = useRole();
  if (role === 'admin') return <>{children}</>;
  return (
    <Alert color="yellow" title="Admins only" role="alert">
      This page is for admins. Ask an admin if you need access.
    </Alert>
  );
}
