import type { ClusterNode, ClusterOptions } from '@flow/engine';
import type { FlowApp } from '../app';
import { advertiseUrlOf } from '../config/env';
import { CONNECTIONS_CHANGE, Coordinator } from './coordinator';
import { ClusterGate } from './forward';
import { clusterSecret } from './internal';

export type ClusterNodeFactory = (options: ClusterOptions) => ClusterNode;

/**
 * Puts an opened FlowApp into its cluster (ZOOKEEPER_HOSTS set): the node, the coordinator and
 * the gate its DAG operations go through. Nothing joins yet: `coordinator.start()` does, once the
 * server listens (other instances forward to it).
 */
export async function clusterOf(
  app: FlowApp,
  createNode: ClusterNodeFactory,
): Promise<Coordinator> {
  const { settings, logger } = app;
  const hosts = settings.ZOOKEEPER_HOSTS;
  if (hosts === undefined) throw new Error('ZOOKEEPER_HOSTS is not set');
  const secret = await clusterSecret(app.db);
  const node = createNode({
    hosts,
    root: settings.ZOOKEEPER_ROOT,
    sessionTimeoutMs: settings.ZOOKEEPER_SESSION_TIMEOUT_MS,
    mode: settings.CLUSTER_MODE,
    name: app.instance,
    url: advertiseUrlOf(settings),
    onRetry(error, attempt, nextInMs) {
      // Called once the node started (after `coordinator` below is set).
      coordinator.problem = `ZooKeeper (${hosts}) unreachable: ${error.message}`;
      logger.error(
        { zookeeper: hosts, attempt, retryInMs: nextInMs, err: error },
        `ZooKeeper (${hosts}) unreachable: serving read-only until joined`,
      );
    },
  });
  const coordinator = new Coordinator({
    node,
    mode: settings.CLUSTER_MODE,
    hosts,
    engine: app.engine,
    dags: app.dags,
    deployments: app.deployments,
    fences: app.fences,
    logger,
    importFolder: () => app.importFolder(),
    connectionsChanged: () => app.connections.apply(),
  });
  const gate = new ClusterGate(coordinator, secret, app.fences, logger);
  app.attachCluster(gate);
  // Named connections: changes refused while joining, announced to every instance (which applies
  // them again on `connectionsChanged`).
  app.connections.cluster = {
    writable: () => gate.writable(),
    changed: () => gate.changed(CONNECTIONS_CHANGE),
  };
  return coordinator;
}
