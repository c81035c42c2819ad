import { z } from 'zod';
import { Topics } from '../topics.js';
import { defineEvent } from './define-event.js';
import { Uuid } from './common.js';

const UserContact = z.object({
  user_id: Uuid,
  email: z.email(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  role: z.enum(['customer', 'admin', 'support', 'partner']),
});

export const UserRegistered = defineEvent('com.shop.user.registered.v1', Topics.users, UserContact);
export const UserUpdated = defineEvent('com.shop.user.updated.v1', Topics.users, UserContact);
export const UserDeleted = defineEvent('com.shop.user.deleted.v1', Topics.users, z.object({ user_id: Uuid }));
