import { z } from 'zod';
import { ErrorEnvelope } from '@shop/contracts';

/** The orders API's request and response schemas are the contracts'; these are its own headers and cursor. */
export const PlaceOrderHeaders = z.object({
  'idempotency-key': z.string().min(1).max(255).optional(),
  prefer: z.string().optional(),
});

/** Every orders operation needs an access token (the routes' `authenticate` hook): OpenAPI and Kong say so too. */
export const orderSecurity = [{ bearerAuth: [] }];

export const orderErrors = {
  400: ErrorEnvelope,
  401: ErrorEnvelope,
  403: ErrorEnvelope,
  404: ErrorEnvelope,
  409: ErrorEnvelope,
  422: ErrorEnvelope,
};
