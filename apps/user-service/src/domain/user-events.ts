import { UserEvents, type EventDefinition, type EventPayload } from '@shop/contracts';
import type { User } from './user.js';

/** An event a decision produced, for the use case to hand to the outbox with the change it describes. */
export interface DomainEvent<D extends EventDefinition = EventDefinition> {
  readonly definition: D;
  readonly subject: string;
  readonly data: EventPayload<D>;
}

export type UserEvent =
  | DomainEvent<typeof UserEvents.UserRegistered>
  | DomainEvent<typeof UserEvents.UserUpdated>
  | DomainEvent<typeof UserEvents.UserDeleted>;

type ContactCard = Pick<User, 'userId' | 'email' | 'firstName' | 'lastName' | 'role'>;

/** The contact card other services replicate (notification service). */
const contactOf = (user: ContactCard) => ({
  user_id: user.userId,
  email: user.email,
  first_name: user.firstName,
  last_name: user.lastName,
  role: user.role,
});

export const userRegistered = (user: ContactCard): UserEvent => ({
  definition: UserEvents.UserRegistered,
  subject: user.userId,
  data: contactOf(user),
});

export const userUpdated = (user: ContactCard): UserEvent => ({
  definition: UserEvents.UserUpdated,
  subject: user.userId,
  data: contactOf(user),
});

/** Replicas must forget the person: the event carries nothing but the id. */
export const userDeleted = (userId: string): UserEvent => ({
  definition: UserEvents.UserDeleted,
  subject: userId,
  data: { user_id: userId },
});
