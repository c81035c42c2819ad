import { DomainError, type UserHttp } from '@shop/contracts';
import { normaliseEmail, registered, type User } from '../domain/user.js';
import type { UserDeps } from '../deps.js';
import { userRepository } from '../persistence/user.repository.js';
import { emitEvents } from './emit-events.js';

/** Creates a customer account and announces it (UserRegistered) in the same transaction. */
export async function register(
  deps: Pick<UserDeps, 'transactions' | 'outbox' | 'passwords'>,
  body: UserHttp.RegisterBody,
): Promise<User> {
  // Hash outside the transaction: 50 ms of CPU should not hold a connection.
  const passwordHash = await deps.passwords.hash(body.password);
  return deps.transactions(async (tx) => {
    const user = await userRepository(tx).insert({
      email: normaliseEmail(body.email),
      passwordHash,
      firstName: body.first_name ?? null,
      lastName: body.last_name ?? null,
    });
    if (!user) {
      throw new DomainError('DUPLICATE_REQUEST', 'An account with this e-mail address already exists', {
        field: 'email',
      });
    }
    await emitEvents(tx, deps.outbox, registered(user));
    return user;
  });
}
