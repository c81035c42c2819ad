/**
 * Stand-ins for the order, payment and notification services' export endpoints, as real HTTP
 * servers, for the user service's own tests (an app may not import another app; the e2e stack
 * runs the real ones). Each answers an empty share, hangs, or fails, and records who asked.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type PeerBehaviour = 'answers' | 'hangs' | 'fails';

export interface PeerService {
  readonly url: string;
  readonly requests: { url: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

const emptyShares: Record<string, unknown> = {
  'order-service': { orders: [] },
  'payment-service': { payments: [] },
  'notification-service': { contact: null, notifications: [] },
};

export async function startPeerService(
  service: keyof typeof emptyShares,
  behaviour: PeerBehaviour = 'answers',
): Promise<PeerService> {
  const requests: PeerService['requests'] = [];
  const server: Server = createServer((request, response) => {
    requests.push({ url: request.url ?? '', headers: request.headers });
    if (behaviour === 'hangs') return;
    if (behaviour === 'fails')
      return void response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{}}');
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(emptyShares[service]));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** All three peers, and the user-service settings that point at them. */
export async function startPeers(behaviours: Partial<Record<keyof typeof emptyShares, PeerBehaviour>> = {}) {
  const [orders, payments, notifications] = await Promise.all([
    startPeerService('order-service', behaviours['order-service']),
    startPeerService('payment-service', behaviours['payment-service']),
    startPeerService('notification-service', behaviours['notification-service']),
  ]);
  return {
    orders,
    payments,
    notifications,
    env: {
      ORDER_SERVICE_URL: orders.url,
      PAYMENT_SERVICE_URL: payments.url,
      NOTIFICATION_SERVICE_URL: notifications.url,
      EXPORT_TIMEOUT_MS: '1000',
    },
    close: () => Promise.all([orders.close(), payments.close(), notifications.close()]),
  };
}
