import type { UserHttp } from '@shop/contracts';
import { AppError } from '@shop/http';
import type { User } from '../domain/user.js';
import { normaliseEmail } from '../domain/user.js';
import type { UserDeps } from '../deps.js';
import { inTransaction } from '../persistence/transaction.js';
import { userRepository } from '../persistence/user.repository.js';
import { hashPassword } from '../security/password.js';
import { announceRegistered } from '../users/user-events.js';

/** Creates a customer account and announces it (UserRegistered) in the same transaction. */
export async function register(deps: Pick<UserDeps, 'prisma' | 'outbox'>, body: UserHttp.RegisterBody): Promise<User> {
  // Hash outside the transaction: 50 ms of CPU should not hold a connection.
  const passwordHash = await hashPassword(body.password);
  return inTransaction(deps.prisma, async (tx) => {
    const user = await userRepository(tx).insert({
      email: normaliseEmail(body.email),
      passwordHash,
      firstName: body.first_name ?? null,
      lastName: body.last_name ?? null,
    });
    if (!user) throw new AppError('DUPLICATE_REQUEST', 'An account with this e-mail address already exists', { field: 'email' });
    await announceRegistered(tx, deps.outbox, user);
    return user;
  });
}
