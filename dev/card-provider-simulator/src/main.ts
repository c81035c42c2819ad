import { z } from 'zod';
import { developmentApiKey } from './api-key.js';
import { startProviderSimulator } from './simulator.js';

// The simulated card processor as its own process (infra/scripts/services.sh starts it).
const config = z
  .object({
    PROVIDER_SIMULATOR_HOST: z.string().default('127.0.0.1'),
    PROVIDER_SIMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(3099),
    /** The key callers must present (the payment service's PROVIDER_API_KEY); default: the development key. */
    PROVIDER_SIMULATOR_API_KEY: z.string().min(1).default(developmentApiKey),
    /** How long tok_timeout keeps a request waiting (longer than the service's PROVIDER_TIMEOUT_MS). */
    PROVIDER_SIMULATOR_TIMEOUT_DELAY_MS: z.coerce.number().int().positive().default(30_000),
    /** How long tok_slow_* tokens take to approve. */
    PROVIDER_SIMULATOR_SLOW_DELAY_MS: z.coerce.number().int().positive().default(3_000),
    /** `info` logs every request: two lines per call were a fifth of the simulator's CPU under load. */
    PROVIDER_SIMULATOR_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('warn'),
  })
  .safeParse(process.env);
if (!config.success) {
  const issues = config.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  console.error(`provider-simulator: Invalid configuration: ${issues}`);
  process.exit(1);
}

const simulator = await startProviderSimulator({
  host: config.data.PROVIDER_SIMULATOR_HOST,
  port: config.data.PROVIDER_SIMULATOR_PORT,
  timeoutDelayMs: config.data.PROVIDER_SIMULATOR_TIMEOUT_DELAY_MS,
  slowDelayMs: config.data.PROVIDER_SIMULATOR_SLOW_DELAY_MS,
  apiKey: config.data.PROVIDER_SIMULATOR_API_KEY,
  logger: { level: config.data.PROVIDER_SIMULATOR_LOG_LEVEL },
});
console.log(`provider-simulator listening on ${simulator.url}`);

const shutdown = () => {
  simulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
