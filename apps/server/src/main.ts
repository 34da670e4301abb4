import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { FlowApp } from './app';
import { readSettings, SettingsError } from './config/env';
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
  const logger = pino({
    level: settings.LOG_LEVEL,
    redact: ['req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.passcode'],
  });
  const app = await FlowApp.open(settings, logger);
  const server = await buildServer(app, logger, { loginLimit: settings.LOGIN_RATE_LIMIT });
  await server.fastify.listen({ port: settings.PORT, host: settings.HOST });
  logger.info(
    {
      url: `http://${settings.HOST}:${settings.PORT}`,
      store: app.db.kind,
      dags: app.engine.list().length,
    },
    'flow server listening',
  );

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down: stopping DAGs, flushing publishers');
    await server.close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
