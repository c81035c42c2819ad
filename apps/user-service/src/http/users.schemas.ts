import { ErrorEnvelope, UserHttp } from '@shop/contracts';
import { NoContent } from './auth.schemas.js';

/** Route schemas of /users: request and every response status, all from @shop/contracts. */

const tags = ['users'];
const security = [{ bearerAuth: [] }];
const failures = { 400: ErrorEnvelope, 401: ErrorEnvelope, 500: ErrorEnvelope };
const adminFailures = { ...failures, 403: ErrorEnvelope };

export const getMeSchema = {
  tags,
  security,
  summary: 'The caller’s account',
  response: { 200: UserHttp.UserResponse, ...failures },
};

export const updateMeSchema = {
  tags,
  security,
  summary: 'Change the caller’s name or phone',
  body: UserHttp.UpdateMeBody,
  response: { 200: UserHttp.UserResponse, ...failures },
};

export const exportMeSchema = {
  tags,
  security,
  summary:
    'GDPR export: everything the platform holds about the caller (user, order, payment and notification services)',
  response: { 200: UserHttp.UserExportResponse, ...failures, 503: ErrorEnvelope },
};

export const eraseMeSchema = {
  tags,
  security,
  summary: 'GDPR erasure: anonymise the caller’s account and end every session (asks for the current password)',
  body: UserHttp.EraseMeBody,
  response: { 204: NoContent, ...failures },
};

export const listUsersSchema = {
  tags,
  security,
  summary: 'Every account, newest first, cursor-paginated (admin; support sees customer accounts only)',
  querystring: UserHttp.ListUsersQuery,
  response: { 200: UserHttp.UserListResponse, ...adminFailures },
};

export const changeTierSchema = {
  tags,
  security,
  summary: 'Move an account to another rate-limit tier (admin)',
  params: UserHttp.UserIdParams,
  body: UserHttp.ChangeTierBody,
  response: { 200: UserHttp.UserResponse, ...adminFailures, 404: ErrorEnvelope },
};

export const changeRoleSchema = {
  tags,
  security,
  summary: 'Grant an account a role (admin)',
  params: UserHttp.UserIdParams,
  body: UserHttp.ChangeRoleBody,
  response: { 200: UserHttp.UserResponse, ...adminFailures, 404: ErrorEnvelope },
};
