import { readFileSync } from 'node:fs';
import { createClusterNode } from '@flow/engine';
import { FlowApp } from './app';
import { clusterOf } from './cluster/setup';
import { readSettings, SettingsError } from './config/env';
import { createLogger } from './logger';
import { buildServer } from './server';

async function main(): Promise<void> {
  let settings;
  try {
    settings = readSettings(process.env, (path) => readFileSync(path, 'utf8'));
  } catch (error) {
    if (error instanceof SettingsError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(settings.LOG_LEVEL);
  // In a cluster, every DAG is loaded and none runs until this instance holds its run lock.
  const app = await FlowApp.open(settings, logger);
  const coordinator = settings.ZOOKEEPER_HOSTS
    ? await clusterOf(app, createClusterNode)
    : undefined;
  const server = await buildServer(app, logger, { loginLimit: settings.LOGIN_RATE_LIMIT });
  await server.fastify.listen({ port: settings.PORT, host: settings.HOST });
  logger.info(
    {
      url: `http://${settings.HOST}:${settings.PORT}`,
      store: app.db.kind,
      dags: (await app.engine.list()).length,
    },
    'flow server listening',
  );
  // Joins in the background (retrying, read-only meanwhile): other instances can reach it now.
  await coordinator?.start();

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    const grace = settings.SHUTDOWN_GRACE_MS;
    logger.info({ signal, graceMs: grace }, 'shutting down: stopping DAGs, flushing publishers');
    // What is still stopping, named when the grace time runs out.
    const pending = new Set<string>(['http server']);
    const timer = setTimeout(() => {
      logger.error(
        { signal, graceMs: grace, stuck: [...pending] },
        'shutdown took longer than SHUTDOWN_GRACE_MS: exiting anyway',
      );
      process.exit(1);
    }, grace);
    const step = async (name: string, work: () => Promise<void>) => {
      pending.add(name);
      try {
        await work();
      } catch (err) {
        logger.error({ err, step: name }, 'shutdown step failed');
      } finally {
        pending.delete(name);
      }
    };
    await step('http server', () => server.close());
    // Stops the DAGs it runs, lets their run locks go and leaves the cluster.
    if (coordinator) await step('cluster', () => coordinator.close());
    const dags = await app.engine.list();
    await Promise.all(dags.map((dag) => step(`DAG ${dag.name}`, () => app.engine.stop(dag.name))));
    await step('store', () => app.close());
    clearTimeout(timer);
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
