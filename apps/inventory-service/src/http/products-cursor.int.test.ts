import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ErrorEnvelope } from '@shop/contracts';
import { encodeKeysetCursor } from '@shop/http';
import { createTestEnvironment, type TestEnvironment } from '@shop/service-testing';
import { inventoryService } from '../service.js';
import { addProduct, asAdmin, type InventoryUnderTest } from '../test-support/inventory-harness.js';

/**
 * Found by the cursor properties: a cursor of the right shape naming a date that does not exist
 * reached Postgres, which refused the cast, and every list answered 500. It is a bad cursor: 400.
 */
describe('products API: a cursor naming an impossible position', () => {
  let env: TestEnvironment;
  let service: InventoryUnderTest;

  beforeAll(async () => {
    env = await createTestEnvironment();
    service = await env.start(inventoryService);
    await addProduct(service, {});
  });
  afterAll(() => env.stop());

  it.each(['0000-00-00T00:00:00.000000Z', '2026-02-30T12:00:00.000000Z', '2026-01-01T24:61:00.000000Z'])(
    'answers 400 VALIDATION_ERROR on the cursor for %s, anonymously and as an admin',
    async (value) => {
      const cursor = encodeKeysetCursor({ value, id: randomUUID() });
      for (const headers of [{}, asAdmin()]) {
        const response = await service.app.inject({ method: 'GET', url: `/api/v1/products?cursor=${cursor}`, headers });
        expect(response.statusCode).toBe(400);
        const { error } = ErrorEnvelope.parse(response.json());
        expect(error).toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'cursor' } });
      }
    },
  );
});
