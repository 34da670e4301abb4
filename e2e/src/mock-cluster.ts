// Makes a single e2e server look like a member of a cluster to the browser: the page's tRPC
// answers for `server.status` and `dags.list` are rewritten in flight (the server itself is not
// clustered), so the header, popover, banner and Owner column are tested and photographed
// without ZooKeeper.
import type { Page, Route } from '@playwright/test';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@flow/server/router';

type Outputs = inferRouterOutputs<AppRouter>;
type ServerStatus = Outputs['server']['status'];
type DagListEntry = Outputs['dags']['list'][number];
export type ClusterStatus = NonNullable<ServerStatus['cluster']>;

export interface ClusterLook {
  readonly role: ServerStatus['role'];
  readonly instance: string;
  readonly readOnly?: boolean;
  readonly cluster: ClusterStatus | null;
  /** The owners shown for every DAG of the list (`dags.list`), by DAG name or for all (`*`). */
  readonly owners?: Readonly<Record<string, readonly string[]>>;
}

interface BatchAnswer {
  result?: { data?: unknown };
}

/** Rewrites `server.status` (and `dags.list` when `owners` is given) for this page from now on. */
export async function mockCluster(page: Page, look: () => ClusterLook): Promise<void> {
  await page.route(
    (url) => url.pathname.startsWith('/trpc/'),
    async (route: Route) => {
      const procedures = decodeURIComponent(new URL(route.request().url()).pathname)
        .slice('/trpc/'.length)
        .split(',');
      if (!procedures.some((p) => p === 'server.status' || p === 'dags.list'))
        return route.fallback();
      // The page may navigate or close while a refresh is in flight: that request is gone, and
      // so is its answer (reading it throws "Response has been disposed").
      const response = await route.fetch().catch(() => undefined);
      const body: unknown = await response?.json().catch(() => undefined);
      if (!response || body === undefined) return route.abort().catch(() => undefined);
      if (!Array.isArray(body)) return route.fulfill({ response }).catch(() => undefined);
      const current = look();
      const answers = body as BatchAnswer[];
      procedures.forEach((procedure, index) => {
        const data = answers[index]?.result?.data;
        if (data === undefined || data === null) return;
        const result = answers[index]!.result!;
        if (procedure === 'server.status')
          result.data = {
            ...(data as ServerStatus),
            role: current.role,
            instance: current.instance,
            readOnly: current.readOnly ?? false,
            cluster: current.cluster,
          } satisfies ServerStatus;
        if (procedure === 'dags.list' && current.owners)
          result.data = (data as DagListEntry[]).map((dag) => {
            const owners = current.owners?.[dag.name] ?? current.owners?.['*'];
            return owners ? { ...dag, owners: [...owners] } : dag;
          });
      });
      await route.fulfill({ response, json: answers }).catch(() => undefined);
    },
  );
}
