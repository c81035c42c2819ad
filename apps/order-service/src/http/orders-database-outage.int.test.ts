import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInfrastructure } from '@shop/runtime';
import { eventually } from '@shop/testing';
import { orderService } from '../service.js';
import { customer } from '../test-support/order-fixture.js';
import { startOrdersApi, type OrdersApi } from '../test-support/orders-api.js';

/**
 * A database that goes away must answer 503 SERVICE_UNAVAILABLE with Retry-After, never 500 (docs/api.md):
 * the same request succeeds once the server is back. The shared PostgreSQL is never stopped: a request's
 * own connection is terminated under it, or the service is pointed at a server that is not there.
 */
describe('orders API while the database is unavailable', () => {
  let api: OrdersApi;
  let admin: pg.Client;

  beforeAll(async () => {
    api = await startOrdersApi();
    admin = new pg.Client(api.orders.db.connection);
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await api?.env.stop();
  });

  const expectUnavailable = (response: LightMyRequestResponse) => {
    expect({ status: response.statusCode, body: response.json() }).toEqual({
      status: 503,
      body: {
        error: {
          code: 'SERVICE_UNAVAILABLE',
          message: 'Service temporarily unavailable',
          request_id: expect.any(String),
          timestamp: expect.any(String),
        },
      },
    });
    expect(response.headers['retry-after']).toMatch(/^[1-9]\d*$/);
  };

  /** The user's orders, and the outbox rows that mention them: what a placed order writes. */
  const writtenFor = async (userId: string) => {
    const { rows } = await api.orders.db.pool.query(
      `SELECT (SELECT count(*)::int FROM orders WHERE user_id = $1::uuid) AS orders,
              (SELECT count(*)::int FROM outbox WHERE strpos(payload::text, $1::text) > 0) AS events`,
      [userId],
    );
    return rows[0] as { orders: number; events: number };
  };
  const nothing = { orders: 0, events: 0 };

  /**
   * Sends `request` while another session holds `table` locked, waits until the request's statement is
   * blocked on that lock, and terminates the request's backend as a server shutdown would (57P01).
   */
  async function terminatedMidRequest(
    table: string,
    request: () => Promise<LightMyRequestResponse>,
  ): Promise<LightMyRequestResponse> {
    const locker = new pg.Client(api.orders.db.connection);
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
      const { rows } = await locker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const answer = request();
      try {
        const blocked = await eventually(async () => {
          const waiting = await admin.query<{ pid: number }>(
            'SELECT pid FROM pg_stat_activity WHERE $1::int = ANY(pg_blocking_pids(pid))',
            [rows[0]?.pid],
          );
          if (waiting.rows.length === 0) throw new Error(`no statement waits on ${table} yet`);
          return waiting.rows.map((r) => r.pid);
        });
        // With a timeout it returns once the backend is gone, so the lock is released only after.
        await admin.query('SELECT pg_terminate_backend(pid, 10000) FROM unnest($1::int[]) AS pid', [blocked]);
      } finally {
        await locker.query('ROLLBACK');
      }
      return await answer;
    } finally {
      await locker.end();
    }
  }

  describe('when the connection under a request is terminated while its statement waits', () => {
    it('POST /api/v1/orders answers 503 with Retry-After and writes nothing', async () => {
      const ada = customer();
      const response = await terminatedMidRequest('orders', () => api.place(api.basket(), ada));
      expectUnavailable(response);
      expect(await writtenFor(ada.userId)).toEqual(nothing);
      // The pool replaced the connection: the same request now succeeds, and writes what it should.
      expect((await api.place(api.basket(), ada)).statusCode).toBe(202);
      const written = await writtenFor(ada.userId);
      expect(written.orders).toBe(1);
      expect(written.events).toBeGreaterThan(0);
    });

    it('GET /api/v1/orders/:id answers 503 with Retry-After', async () => {
      const ada = customer();
      const placed = await api.place(api.basket(), ada);
      expect(placed.statusCode).toBe(202);
      const read = () =>
        api.orders.app.inject({ method: 'GET', url: placed.headers.location as string, headers: ada.headers });
      expectUnavailable(await terminatedMidRequest('orders', read));
      expect((await read()).statusCode).toBe(200);
    });

    it('a read through Prisma (the user export) answers 503 with Retry-After', async () => {
      const ada = customer();
      const read = () =>
        api.orders.app.inject({ method: 'GET', url: `/internal/v1/users/${ada.userId}/export`, headers: ada.headers });
      expectUnavailable(await terminatedMidRequest('orders', read));
      expect((await read()).statusCode).toBe(200);
    });
  });

  describe.each([
    ['a TCP port nothing listens on (ECONNREFUSED)', deadTcpUrl],
    ['a Unix socket directory without a server (connect ENOENT)', deadSocketUrl],
  ])('when the pool points at %s', (_where, deadUrl) => {
    let dead: { app: FastifyInstance; stop(): Promise<void> };
    let cleanUp: () => Promise<void>;

    beforeAll(async () => {
      const target = await deadUrl();
      cleanUp = target.cleanUp;
      // The service's own wiring on a pool that cannot connect; no consumers or relay, only its HTTP app.
      const config = { ...api.orders.config, DATABASE_URL: target.url };
      const infra = createInfrastructure(orderService.name, config);
      const built = await orderService.build(infra, config);
      await built.app.ready();
      dead = {
        app: built.app,
        async stop() {
          await built.app.close();
          await built.close?.();
          await infra.close();
        },
      };
    });
    afterAll(async () => {
      await dead?.stop();
      await cleanUp?.();
    });

    it('POST /api/v1/orders answers 503 with Retry-After and writes nothing', async () => {
      const ada = customer();
      const response = await dead.app.inject({
        method: 'POST',
        url: '/api/v1/orders',
        headers: { ...ada.headers, prefer: 'respond-async' },
        payload: api.basket(),
      });
      expectUnavailable(response);
      expect(await writtenFor(ada.userId)).toEqual(nothing);
    });

    it.each([
      ['GET /api/v1/orders', () => '/api/v1/orders'],
      ['the user export (Prisma)', (userId: string) => `/internal/v1/users/${userId}/export`],
    ])('%s answers 503 with Retry-After', async (_what, url) => {
      const ada = customer();
      expectUnavailable(await dead.app.inject({ method: 'GET', url: url(ada.userId), headers: ada.headers }));
    });
  });
});

/** A loopback port that was free a moment ago: nothing listens on it. */
async function deadTcpUrl(): Promise<{ url: string; cleanUp: () => Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return { url: `postgresql://postgres:postgres@127.0.0.1:${port}/shop`, cleanUp: async () => undefined };
}

/** An empty directory where the driver looks for the server's socket. */
async function deadSocketUrl(): Promise<{ url: string; cleanUp: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'no-postgres-'));
  return {
    url: `postgresql://postgres:postgres@localhost/shop?host=${encodeURIComponent(dir)}`,
    cleanUp: () => rm(dir, { recursive: true, force: true }),
  };
}
