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

const refusal = (field: string, message = 'Text must not contain the NUL character (U+0000)') =>
  new DomainError('VALIDATION_ERROR', message, { field, issues: [{ field, message }] });

/** Deeper than any body of the API needs; far short of what overflows a recursive walk or JSON.stringify. */
export const maxJsonNestingDepth = 32;

/** Whether the JSON text opens more than `max` arrays or objects inside one another (strings skipped). */
export function jsonNestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body's text, or undefined when its bytes are not UTF-8 (RFC 8259 §8.1: JSON is UTF-8). */
function utf8TextOf(body: Buffer): string | undefined {
  try {
    return utf8.decode(body);
  } catch {
    return undefined;
  }
}

/**
 * Whether the query string holds a percent-escape that is malformed (`%`, `%zz`) or spells bytes
 * that are not UTF-8 (`%ff`): the query parser would keep such text as it came, unnoticed.
 */
function queryHasBadEscape(url: string): boolean {
  const start = url.indexOf('?');
  if (start < 0 || !url.includes('%', start)) return false;
  for (const part of url.slice(start + 1).split(/[&=]/)) {
    try {
      decodeURIComponent(part);
    } catch {
      return true;
    }
  }
  return false;
}

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
 * a 400 VALIDATION_ERROR naming the field, before any handler runs (docs/api.md). So is text that
 * is not what it claims: a body that is not UTF-8 or nests deeper than maxJsonNestingDepth (a
 * recursive serializer or jsonb would overflow on it), and a query string escape that is malformed
 * or not UTF-8. A text/plain body is refused as 415.
 */
export const refuseNulPlugin = fp(
  (app: FastifyInstance, _options: object, done: (error?: Error) => void) => {
    const { onProtoPoisoning, onConstructorPoisoning } = app.initialConfig;
    app.decorateRequest(jsonMayHoldNul, null);
    const parseJson = app.getDefaultJsonParser(onProtoPoisoning ?? 'error', onConstructorPoisoning ?? 'error');
    // The API speaks JSON only: a text body is an unsupported media type (415), not a string to validate.
    app.removeContentTypeParser('text/plain');
    // Fastify's own JSON parser, after three checks of the raw body: UTF-8, nesting depth, and one scan
    // for NUL (JSON can spell it only as `\\u0000`).
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, deliver) => {
      const text = utf8TextOf(body as Buffer);
      if (text === undefined) return deliver(refusal('body', 'Body is not valid UTF-8'), undefined);
      if (jsonNestsDeeperThan(text, maxJsonNestingDepth)) {
        return deliver(refusal('body', `JSON must not nest deeper than ${maxJsonNestingDepth} levels`), undefined);
      }
      (request as RequestWithNulMark)[jsonMayHoldNul] = text.includes('\\u0000');
      parseJson(request, text, deliver);
    });
    app.addHook('preValidation', (request, _reply, next) => {
      if (queryHasBadEscape(request.url))
        return next(refusal('query', 'Query string has a malformed or non-UTF-8 escape'));
      const field = nulFieldOf(request);
      next(field === undefined ? undefined : refusal(field));
    });
    done();
  },
  { name: 'shop-refuse-nul', fastify: '5.x', dependencies: ['shop-errors'] },
);
