import type { UserHttp } from '@shop/contracts';

/** What the other services hold about a user (orders, payments, notifications), in their export shapes. */
export interface PlatformExport {
  readonly orders: UserHttp.OrdersUserExport['orders'];
  readonly payments: UserHttp.PaymentsUserExport['payments'];
  readonly notifications: UserHttp.NotificationsUserExport;
}

/** Gathers the other services' shares of a GDPR export, presenting the caller's own access token. */
export interface PlatformExports {
  /** Every share, or SERVICE_UNAVAILABLE naming the services that could not answer. */
  of(userId: string, accessToken: string, requestId: string): Promise<PlatformExport>;
}
