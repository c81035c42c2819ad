import { startService } from '@shop/runtime';
import { inventoryService } from './service.js';

await startService(inventoryService);
