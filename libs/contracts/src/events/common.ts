import { z } from 'zod';

/** Money travels between services as integer cents: no float ever touches an amount. */
export const Cents = z.number().int().nonnegative();
export const Uuid = z.uuid();
export const Currency = z.string().length(3).default('USD');
export const IsoDateTime = z.iso.datetime({ offset: true });
