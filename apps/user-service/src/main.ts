import { startService } from '@shop/runtime';
import { userService } from './service.js';

await startService(userService);
