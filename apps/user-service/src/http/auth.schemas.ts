import { z } from 'zod';
import { ErrorEnvelope, UserHttp } from '@shop/contracts';

/** Route schemas of /auth: request and every response status, all from @shop/contracts. */

const tags = ['auth'];
/** 204: no body. */
export const NoContent = z.null().describe('No content');
const failures = { 400: ErrorEnvelope, 500: ErrorEnvelope };

export const registerSchema = {
  tags,
  summary: 'Create a customer account',
  body: UserHttp.RegisterBody,
  response: { 201: UserHttp.UserResponse, ...failures, 409: ErrorEnvelope },
};

export const loginSchema = {
  tags,
  summary: 'Exchange e-mail and password for an access token and a refresh token',
  body: UserHttp.LoginBody,
  response: { 200: UserHttp.TokenResponse, ...failures, 401: ErrorEnvelope, 429: ErrorEnvelope, 503: ErrorEnvelope },
};

export const refreshSchema = {
  tags,
  summary: 'Spend a refresh token for a new access token and the next refresh token',
  body: UserHttp.RefreshTokenBody,
  response: { 200: UserHttp.TokenResponse, ...failures, 401: ErrorEnvelope },
};

export const logoutSchema = {
  tags,
  summary: 'End the session the refresh token belongs to',
  body: UserHttp.RefreshTokenBody,
  response: { 204: NoContent, ...failures },
};

export const logoutAllSchema = {
  tags,
  security: [{ bearerAuth: [] }],
  summary: 'End every session of the caller: all refresh tokens revoked, all access tokens refused within 5 s',
  response: { 204: NoContent, 401: ErrorEnvelope, 500: ErrorEnvelope, 503: ErrorEnvelope },
};
