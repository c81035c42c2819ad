import { startService } from '@shop/runtime';
import { paymentService } from './service.js';

await startService(paymentService);
