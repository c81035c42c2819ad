import { ErrorEnvelope, UserHttp } from '@shop/contracts';

export const listAuditSchema = {
  tags: ['audit'],
  security: [{ bearerAuth: [] }],
  summary:
    'The audit trail of every service, newest first, filterable by service, action and target, ' +
    'cursor-paginated (admin)',
  querystring: UserHttp.ListAuditQuery,
  response: {
    200: UserHttp.AuditListResponse,
    400: ErrorEnvelope,
    401: ErrorEnvelope,
    403: ErrorEnvelope,
    500: ErrorEnvelope,
  },
};
