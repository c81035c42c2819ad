/**
 * A service with the shared HTTP stack and nothing else, run as a process of its own by the
 * metrics-listener test: started by startService, as every service's main.ts starts it, so that the
 * test sees its real listeners, shutdown and exit code.
 */
import { createHttpApp } from '@shop/http';
import { startService } from '../start-service.js';

await startService({
  name: 'notification-service',
  build: async (infra) => ({ app: await createHttpApp('http-probe', infra), consumers: [] }),
});
