import { router } from './init';
import { auditRouter, publishRouter, serverRouter, usersRouter } from './routers/admin.router';
import { authRouter } from './routers/auth.router';
import { catalogRouter } from './routers/catalog.router';
import { connectionsRouter } from './routers/connections.router';
import { dagsRouter } from './routers/dags.router';
import { stateRouter } from './routers/state.router';

export const appRouter = router({
  auth: authRouter,
  dags: dagsRouter,
  catalog: catalogRouter,
  publish: publishRouter,
  server: serverRouter,
  users: usersRouter,
  audit: auditRouter,
  connections: connectionsRouter,
  state: stateRouter,
});

export type AppRouter = typeof appRouter;
