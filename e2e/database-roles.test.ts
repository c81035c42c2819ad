import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '@shop/contracts';
import { devDatabaseUrl } from '@shop/runtime';

/** Each service connects as its own role that owns its schema and has no rights anywhere else. */
describe('database roles', () => {
  const clients = new Map<string, pg.Client>();

  beforeAll(async () => {
    for (const s of services) {
      const client = new pg.Client({ connectionString: devDatabaseUrl(s.role) });
      await client.connect();
      clients.set(s.name, client);
    }
  });
  afterAll(async () => {
    await Promise.all([...clients.values()].map((c) => c.end()));
  });

  const as = (name: string) => clients.get(name)!;

  it('gives every role its own schema first on its search path, and lets it read its own tables', async () => {
    for (const s of services) {
      const { rows } = await as(s.name).query('SELECT current_schema() AS schema, current_user AS role');
      expect(rows[0]).toEqual({ schema: s.schema, role: s.role });
      await expect(as(s.name).query('SELECT count(*) FROM outbox')).resolves.toBeDefined();
    }
  });

  it('denies the order role any access to the payments schema', async () => {
    await expect(as('order-service').query('SELECT * FROM payments.payments LIMIT 1')).rejects.toThrow(
      /permission denied for schema payments/,
    );
    await expect(as('order-service').query('CREATE TABLE payments.sneaky (id int)')).rejects.toThrow(
      /permission denied for schema payments/,
    );
  });

  it('denies every role every other service schema', async () => {
    for (const reader of services) {
      for (const owner of services.filter((s) => s !== reader)) {
        await expect(
          as(reader.name).query(`SELECT 1 FROM ${owner.schema}.outbox LIMIT 1`),
          `${reader.role} reading ${owner.schema}`,
        ).rejects.toThrow(/permission denied/);
      }
    }
  });

  it('denies writes to the public schema', async () => {
    await expect(as('inventory-service').query('CREATE TABLE public.shared_state (id int)')).rejects.toThrow(
      /permission denied/,
    );
  });
});
