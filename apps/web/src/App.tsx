import { MantineProvider, Center, Loader } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { Route, Router, Switch } from 'wouter';
import { RequireAuth } from './auth';
import { LoginPage } from './features/auth/LoginPage';
import { DashboardPage } from './features/dashboard/DashboardPage';
import { LeaveGuardDialog } from './components/LeaveGuardDialog';
import { Shell } from './components/Shell';
import { guardedNav } from './leave-guard';
import { theme } from './theme';
import { createClients, TRPCProvider } from './trpc';

// The designer (React Flow, forms) and the admin pages load on demand: the first page stays small.
const DesignerPage = lazy(() => import('./features/designer/DesignerPage'));
const UsersPage = lazy(() => import('./features/admin/UsersPage'));
const AuditPage = lazy(() => import('./features/admin/AuditPage'));
const ConnectionsPage = lazy(() => import('./features/admin/ConnectionsPage'));

export function App() {
  const [{ queryClient, trpcClient }] = useState(createClients);
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Notifications position="bottom-right" />
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          <Router aroundNav={guardedNav}>
            <LeaveGuardDialog />
            <Switch>
              <Route path="/login" component={LoginPage} />
              <Route>
                <RequireAuth>
                  <Shell>
                    <Suspense
                      fallback={
                        <Center h="100%">
                          <Loader />
                        </Center>
                      }
                    >
                      <Switch>
                        <Route path="/" component={DashboardPage} />
                        <Route path="/dags/new">{() => <DesignerPage />}</Route>
                        <Route path="/dags/:name">
                          {(params) => <DesignerPage name={params.name} />}
                        </Route>
                        <Route path="/dags/:name/live">
                          {(params) => <DesignerPage name={params.name} live />}
                        </Route>
                        <Route path="/admin/users" component={UsersPage} />
                        <Route path="/admin/audit" component={AuditPage} />
                        <Route path="/admin/connections" component={ConnectionsPage} />
                        <Route>
                          <Center h="100%">Nothing here.</Center>
                        </Route>
                      </Switch>
                    </Suspense>
                  </Shell>
                </RequireAuth>
              </Route>
            </Switch>
          </Router>
        </TRPCProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
