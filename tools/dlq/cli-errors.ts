/** The command line was wrong: the usage is printed with it (exit 64). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The topic or the event asked for is not there (exit 2). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

export const exitCodes = { ok: 0, failed: 1, notFound: 2, usage: 64 } as const;
