import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DomainError } from '@shop/contracts';

/**
 * Set by the JSON parser: whether the raw text holds the escape `\u0000`. Only such a body is
 * walked; null (another parser's body) is walked too.
 */
const jsonMayHoldNul = Symbol('shop.jsonMayHoldNul');
type RequestWithNulMark = FastifyRequest & { [jsonMayHoldNul]: boolean | null };

const NUL = '\u0000';

/** A value still to look at and how it was reached; the path is spelled only for the one holding NUL. */
interface Visit {
  readonly value: unknown;
  readonly parent: Visit | undefined;
  readonly key: string;
}

const pathOf = (visit: Visit): string => {
  const segments: string[] = [];
  for (let at: Visit | undefined = visit; at; at = at.parent) segments.push(at.key);
  return segments.reverse().join('.');
};

/**
 * The path (`body.attributes.colour`, `query.category`) of a string or object key under `root`
 * that holds U+0000, or undefined. Iterative: a deeply nested body cannot overflow the stack.
 */
function nulFieldIn(root: unknown, rootName: string): string | undefined {
  const pending: Visit[] = [{ value: root, parent: undefined, key: rootName }];
  for (let visit = pending.pop(); visit; visit = pending.pop()) {
    const { value } = visit;
    if (typeof value === 'string') {
      if (value.includes(NUL)) return pathOf(visit);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pending.push({ value: value[i], parent: visit, key: String(i) });
    } else if (typeof value === 'object' && value !== null) {
      for (const key of Object.keys(value).reverse()) {
        const child: Visit = { value: (value as Record<string, unknown>)[key], parent: visit, key };
        if (key.includes(NUL)) return pathOf(child);
        pending.push(child);
      }
    }
  }
  return undefined;
}

const refusal = (field: string) => {
  const message = 'Text must not contain the NUL character (U+0000)';
  return new DomainError('VALIDATION_ERROR', message, { field, issues: [{ field, message }] });
};

/** The field that holds NUL, if any; only a URL spelling `%00` and a body whose text may hold it are walked. */
function nulFieldOf(request: FastifyRequest): string | undefined {
  const { url } = request;
  if (url.includes('%00') || url.includes(NUL)) {
    const inUrl = nulFieldIn(request.params, 'params') ?? nulFieldIn(request.query, 'query');
    if (inUrl) return inUrl;
  }
  const { body } = request;
  if (body === undefined || body === null || (request as RequestWithNulMark)[jsonMayHoldNul] === false) return;
  return nulFieldIn(body, 'body');
}

/**
 * `shop-refuse-nul`: PostgreSQL cannot store U+0000 in text or jsonb, so a NUL anywhere in the
 * path params, the query (keys and values) or a JSON body (strings and keys, at any depth) is
 * a 400 VALIDATION_ERROR naming the field, before any handler runs (docs/api.md).
 */
export const refuseNulPlugin = fp(
  (app: FastifyInstance, _options: object, done: (error?: Error) => void) => {
    const { onProtoPoisoning, onConstructorPoisoning } = app.initialConfig;
    app.decorateRequest(jsonMayHoldNul, null);
    const parseJson = app.getDefaultJsonParser(onProtoPoisoning ?? 'error', onConstructorPoisoning ?? 'error');
    // Fastify's own JSON parser, with one scan of the raw text: JSON can spell NUL only as `\u0000`.
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, text, deliver) => {
      (request as RequestWithNulMark)[jsonMayHoldNul] = (text as string).includes('\\u0000');
      parseJson(request, text as string, deliver);
    });
    app.addHook('preValidation', (request, _reply, next) => {
      const field = nulFieldOf(request);
      next(field === undefined ? undefined : refusal(field));
    });
    done();
  },
  { name: 'shop-refuse-nul', fastify: '5.x', dependencies: ['shop-errors'] },
);
