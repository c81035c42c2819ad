import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const documentOf = (service: string) =>
  JSON.parse(readFileSync(resolve(root, 'docs/openapi', `${service}.json`), 'utf8'));

/** The OpenAPI documents are generated from the zod route schemas, and committed up to date. */
describe('OpenAPI documents', () => {
  it('match what the services generate from their route schemas today', () => {
    expect(() =>
      execFileSync(process.execPath, ['--import', 'tsx', 'tools/openapi.ts', '--check'], { cwd: root, stdio: 'pipe' }),
    ).not.toThrow();
  });

  it('include the AsyncAPI document of every event, generated from the contracts', () => {
    expect(() =>
      execFileSync(process.execPath, ['--import', 'tsx', 'tools/asyncapi.ts', '--check'], { cwd: root, stdio: 'pipe' }),
    ).not.toThrow();
    const events = JSON.parse(readFileSync(resolve(root, 'docs/asyncapi.json'), 'utf8'));
    expect(Object.keys(events.channels)).toEqual(
      expect.arrayContaining(['orders.events', 'inventory.events', 'payments.events']),
    );
    const orderPlaced = events.components.messages.orderPlacedV2.payload;
    expect(orderPlaced.required).toEqual(expect.arrayContaining(['order_id', 'items', 'total_cents']));
    // The card token is declared sealed, never in clear (docs/architecture.md, OrderPlaced).
    expect(orderPlaced.properties.payment_method.required).toEqual(['type', 'sealed_token']);
  });

  it('declare the access token on every order operation, as the order service demands one on each', () => {
    const operations = Object.values(documentOf('order-service').paths).flatMap((byMethod) =>
      Object.values(byMethod as Record<string, { security?: unknown; responses: object }>),
    );
    expect(operations.length).toBeGreaterThan(0);
    for (const operation of operations) {
      expect(operation.security).toEqual([{ bearerAuth: [] }]);
      expect(Object.keys(operation.responses)).toContain('401');
    }
  });

  it('describe the order API from the shared contracts', () => {
    const orders = documentOf('order-service');
    expect(Object.keys(orders.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/orders',
        '/api/v1/orders/{id}',
        '/api/v1/orders/{id}/cancel',
        '/api/v1/orders/{id}/status',
      ]),
    );
    const create = orders.paths['/api/v1/orders'].post;
    expect(create.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['items', 'shipping_address', 'payment_method']),
    );
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '202', '400', '401', '409', '422']));
  });
});
