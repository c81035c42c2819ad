import type { ServiceName } from '@shop/contracts';
import { startStack, type Stack } from '../../support/stack.js';

export const everyService: ServiceName[] = [
  'user-service',
  'inventory-service',
  'order-service',
  'payment-service',
  'notification-service',
];

/** The services as processes (all five unless named), each given the same extra environment. */
export function startSecurityStack(
  portBase: number,
  env: Record<string, string> = {},
  services: ServiceName[] = everyService,
): Promise<Stack> {
  return startStack({ services, portBase, env: Object.fromEntries(services.map((name) => [name, env])) });
}
