// Prints this service's OpenAPI document (generated from its zod route schemas): see tools/openapi.ts.
import { printOpenApi } from '@shop/runtime';
import { notificationService } from './service.js';

await printOpenApi(notificationService);
