import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * The headers helmet sets for an API that serves JSON only (every fetch directive 'none', never
 * framed), written out once: helmet's two hooks rebuilt them through its middleware chain on
 * every request. A test compares them with what helmet itself sends for the same policy.
 */
export const securityHeaders: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy':
    "default-src 'none';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'none';" +
    "img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';" +
    "style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
});

const headerEntries = Object.entries(securityHeaders);

/** `shop-security-headers`: the security headers on every answer, errors and 404s included. */
export const securityHeadersPlugin = fp(
  (app: FastifyInstance, _options: object, done: (error?: Error) => void) => {
    app.addHook('onRequest', (_request, reply, next) => {
      for (const [name, value] of headerEntries) reply.header(name, value);
      next();
    });
    done();
  },
  { name: 'shop-security-headers', fastify: '5.x' },
);
