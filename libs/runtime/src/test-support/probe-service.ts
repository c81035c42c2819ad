/**
 * A service with nothing but one consumer of probeEvent (group probeGroupId('probe')), run as a
 * process of its own by the consumer-gave-up test: started by startService, as every service's
 * main.ts starts it, so that the test sees the real shutdown and exit code.
 */
import Fastify from 'fastify';
import { on } from '@shop/messaging';
import { startService } from '../start-service.js';
import { probeEvent } from './probe-event.js';

await startService({
  name: 'notification-service',
  build: async (infra) => ({
    app: Fastify(),
    consumers: [infra.consumer('probe', [on(probeEvent, async () => undefined)])],
  }),
});
