import { NotificationHttp, UserHttp } from '@shop/contracts';

// The request and response shapes are the platform's contract (NotificationHttp and UserHttp in @shop/contracts).
export { ErrorEnvelope } from '@shop/contracts';
export const { NotificationListQuery, NotificationListResponse } = NotificationHttp;
export const { NotificationsUserExport } = UserHttp;
