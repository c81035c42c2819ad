// Loaded with `node --import` before anything else, so the drivers are instrumented when imported.
import { startTracing } from '@shop/telemetry';

startTracing('user-service');
