import { startService } from '@shop/runtime';
import { notificationService } from './service.js';

await startService(notificationService);
