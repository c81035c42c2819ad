import { z } from 'zod';
import { ErrorCodes, type ErrorCode } from '../errors.js';

const codes = Object.keys(ErrorCodes) as [ErrorCode, ...ErrorCode[]];

/** Every non-2xx answer of every service has exactly this shape (docs/api.md, the error envelope). */
export const ErrorEnvelope = z.object({
  error: z.object({
    code: z.enum(codes),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
    request_id: z.string(),
    timestamp: z.iso.datetime(),
  }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

export const HealthResponse = z.object({ status: z.literal('ok') });
export const ReadyResponse = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.record(z.string(), z.enum(['up', 'down'])),
});
