import { z } from 'zod';
import { defineEvent } from '@shop/contracts';

/** The one event of the probe service's one consumer (see probe-service.ts). */
export const probeEvent = defineEvent('com.shop.test.probe.v1', 'probe.events', z.object({}));

/** Its consumer's group: `<service>.<name>`, as Infrastructure.consumer names it. */
export const probeGroupId = (name: string): string => `notification-service.${name}`;
