import type { z } from 'zod';
import { DomainError, type ServiceName, UserHttp } from '@shop/contracts';
import type { PlatformExports } from '../domain/platform-export.port.js';

const sharers: readonly ServiceName[] = ['order-service', 'payment-service', 'notification-service'];

export interface PlatformExportSources {
  readonly orderServiceUrl: string;
  readonly paymentServiceUrl: string;
  readonly notificationServiceUrl: string;
  readonly timeoutMs: number;
}

/**
 * The other services' shares of a GDPR export, asked for in parallel over HTTP with the caller's
 * own access token. All or nothing: a service that does not answer in time, or answers anything
 * but its share, fails the whole export with 503 naming it, never a silently partial export.
 */
export function httpPlatformExports(sources: PlatformExportSources, fetchImpl: typeof fetch = fetch): PlatformExports {
  async function share<S extends z.ZodType>(
    service: ServiceName,
    baseUrl: string,
    schema: S,
    userId: string,
    accessToken: string,
    requestId: string,
  ): Promise<z.infer<S>> {
    const response = await fetchImpl(UserHttp.userExportUrl(baseUrl, userId), {
      headers: { authorization: `Bearer ${accessToken}`, 'x-request-id': requestId, accept: 'application/json' },
      signal: AbortSignal.timeout(sources.timeoutMs),
    });
    // The caller's token refused there (revoked since this service's cache last looked): the caller's problem.
    if (response.status === 401) throw new DomainError('UNAUTHORIZED', 'Invalid or expired access token');
    if (response.status !== 200) throw new Error(`${service} answered ${response.status}`);
    return schema.parse(await response.json());
  }

  return {
    async of(userId, accessToken, requestId) {
      const shares = await Promise.allSettled([
        share('order-service', sources.orderServiceUrl, UserHttp.OrdersUserExport, userId, accessToken, requestId),
        share(
          'payment-service',
          sources.paymentServiceUrl,
          UserHttp.PaymentsUserExport,
          userId,
          accessToken,
          requestId,
        ),
        share(
          'notification-service',
          sources.notificationServiceUrl,
          UserHttp.NotificationsUserExport,
          userId,
          accessToken,
          requestId,
        ),
      ]);
      const [orders, payments, notifications] = shares;
      if (orders.status === 'fulfilled' && payments.status === 'fulfilled' && notifications.status === 'fulfilled') {
        return { orders: orders.value.orders, payments: payments.value.payments, notifications: notifications.value };
      }
      const refused = shares.find(
        (r): r is PromiseRejectedResult => r.status === 'rejected' && r.reason instanceof DomainError,
      );
      if (refused) throw refused.reason;
      const failed = sharers.filter((_, i) => shares[i]?.status === 'rejected');
      throw new DomainError(
        'SERVICE_UNAVAILABLE',
        `The export needs ${failed.join(', ')}, which could not answer; try again later`,
        { services: failed },
      );
    },
  };
}
