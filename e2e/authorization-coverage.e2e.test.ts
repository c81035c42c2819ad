import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { services } from '@shop/contracts';
import type { Cell, MatrixRows, OperationKey } from './support/authorization-matrix.js';
import { inventoryRows } from './support/authorization-rows/inventory.js';
import { orderRows } from './support/authorization-rows/orders.js';
import { paymentNotificationRows } from './support/authorization-rows/payments-notifications.js';
import { userRows } from './support/authorization-rows/users.js';
import { operationsOf, type OpenApiDocument } from './support/openapi-walk.js';

const root = resolve(import.meta.dirname, '..');
const roles = ['customer', 'partner', 'support', 'admin'] as const;

/** The OpenAPI documents as committed (openapi.test.ts holds them to what the services serve). */
const operations = services.flatMap(({ name }) =>
  operationsOf(
    name,
    JSON.parse(readFileSync(resolve(root, 'docs/openapi', `${name}.json`), 'utf8')) as OpenApiDocument,
  ),
);
const keyOf = (op: { method: string; path: string }) => `${op.method} ${op.path}` as OperationKey;

/** Every cell of every matrix file, with the operation its action calls. */
const everyRows: MatrixRows<string>[] = [orderRows, userRows, inventoryRows, paymentNotificationRows];
const cells: (Cell & { readonly operation: OperationKey })[] = everyRows.flatMap(({ matrix, operations: of }) =>
  matrix.map((cell) => ({ ...cell, operation: of[cell.action]! })),
);
const cellsOf = (op: { method: string; path: string }) => cells.filter((c) => c.operation === keyOf(op));

/**
 * The authorization matrix (support/authorization-rows/*.ts, run by authorization-*.e2e.test.ts)
 * leaves no operation out, by the OpenAPI documents' own account of them: an operation that
 * documents 403 refuses some role, so each role has a row there (privilege escalation); an
 * operation with a path parameter acts on a resource with an id, so a customer or partner asks for
 * one that is not theirs there (IDOR).
 */
describe('authorization matrix coverage, from the OpenAPI documents', () => {
  const roleGuarded = operations.filter((op) => op.responses.includes('403'));
  const withId = operations.filter((op) => op.hasId);

  it('finds operations refused by role and operations on resources with an id', () => {
    expect(roleGuarded.length).toBeGreaterThan(0);
    expect(withId.length).toBeGreaterThan(0);
  });

  it('has a row for every role on every operation that documents 403', () => {
    const missing = roleGuarded.flatMap((op) =>
      roles.filter((role) => !cellsOf(op).some((c) => c.who === role)).map((role) => `${keyOf(op)} · ${role}`),
    );
    expect(missing).toEqual([]);
  });

  it('has a row where a customer or partner asks for a resource not theirs, on every operation with an id', () => {
    const missing = withId
      .filter((op) => !cellsOf(op).some((c) => (c.who === 'customer' || c.who === 'partner') && c.ownership !== 'own'))
      .map(keyOf);
    expect(missing).toEqual([]);
  });

  it('names only operations the documents have', () => {
    const known = new Set(operations.map(keyOf));
    expect([...new Set(cells.map((c) => c.operation))].filter((key) => !known.has(key))).toEqual([]);
  });
});
