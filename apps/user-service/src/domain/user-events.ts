import { UserEvents } from '@shop/contracts';
import type { OutboxWriter } from '@shop/messaging';
import type { User } from '../domain/user.js';
import type { UserDb } from '../persistence/transaction.js';

/** The contact card other services replicate (notification service). */
const contactOf = (user: User) => ({ user_id: user.userId, email: user.email, first_name: user.firstName, last_name: user.lastName, role: user.role });

export const announceRegistered = (tx: UserDb, outbox: OutboxWriter, user: User) =>
  outbox.add(tx, UserEvents.UserRegistered, { subject: user.userId, data: contactOf(user) });

export const announceUpdated = (tx: UserDb, outbox: OutboxWriter, user: User) =>
  outbox.add(tx, UserEvents.UserUpdated, { subject: user.userId, data: contactOf(user) });

/** Replicas must forget the person: the event carries nothing but the id. */
export const announceDeleted = (tx: UserDb, outbox: OutboxWriter, userId: string) =>
  outbox.add(tx, UserEvents.UserDeleted, { subject: userId, data: { user_id: userId } });
