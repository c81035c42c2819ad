import { startService } from '@shop/runtime';
import { orderService } from './service.js';

await startService(orderService);
