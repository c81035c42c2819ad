/** The five services: port, Postgres schema and database role. One list for tools, tests and dev defaults. */
export const services = [
  { name: 'user-service', port: 3001, schema: 'users', role: 'user_svc' },
  { name: 'inventory-service', port: 3002, schema: 'inventory', role: 'inventory_svc' },
  { name: 'order-service', port: 3003, schema: 'orders', role: 'order_svc' },
  { name: 'payment-service', port: 3004, schema: 'payments', role: 'payment_svc' },
  { name: 'notification-service', port: 3005, schema: 'notifications', role: 'notification_svc' },
] as const;

export type ServiceInfo = (typeof services)[number];

export type ServiceName = ServiceInfo['name'];

export function serviceInfo(name: ServiceName): ServiceInfo {
  const found = services.find((s) => s.name === name);
  if (!found) throw new Error(`Unknown service ${name}`);
  return found;
}
