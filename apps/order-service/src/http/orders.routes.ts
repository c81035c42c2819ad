import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CancelOrderBody, CreateOrderBody, ErrorEnvelope, ListOrdersQuery, ListOrdersResponse, OrderIdParams, OrderResponse, UpdateOrderStatusBody,
} from '@shop/contracts';
import { AppError, auditContextOf, authenticate, callerOf, hasRole, requireRole, type Caller } from '@shop/http';
import { sqlOn, transactions } from '@shop/persistence';
import type { OrderCommand } from '../../domain/order-status.js';
import { auditTransition, type TransitionAudit } from '../../orders/audit-transition.js';
import { findOrder } from '../../persistence/order-repository.js';
import type { OrderRouteDeps } from './deps.js';
import { requestHash } from '../../orders/idempotency.js';
import { listOrders } from '../../orders/list-orders.js';
import { toOrderResponse } from '../../orders/order-mapper.js';
import { placeOrder } from '../../orders/place-order.js';
import { preferredWaitMs } from '../../orders/prefer.js';
import { transitionOrder } from '../../orders/transition-order.js';
import { outcomeResponse } from './outcome-response.js';

const IdempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(255).optional(), prefer: z.string().optional() });
const errors = { 400: ErrorEnvelope, 401: ErrorEnvelope, 403: ErrorEnvelope, 404: ErrorEnvelope, 409: ErrorEnvelope, 422: ErrorEnvelope };
const seesAllOrders = (caller: Caller) => hasRole(caller, 'support', 'admin');
const actorOf = (caller: Caller) => (hasRole(caller, 'admin') ? 'admin' : hasRole(caller, 'support') ? 'support' : 'customer');

/** Orders API (seed §3.3): place, read, list, cancel, and move through fulfilment. */
export async function orderRoutes(app: FastifyInstance, deps: OrderRouteDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const sql = sqlOn(deps.pool);
  const inTransaction = transactions(deps.pool);
  r.addHook('onRequest', authenticate);

  /** The order if the caller may see it; a customer asking for someone else's order learns nothing (404). */
  async function visibleOrder(caller: Caller, orderId: string) {
    const order = await findOrder(sql, orderId);
    if (!order || (!seesAllOrders(caller) && order.userId !== caller.userId)) throw new AppError('NOT_FOUND', `Order ${orderId} not found`);
    return order;
  }

  /** One transition someone asked for: applied and audited in one transaction, or refused with nothing written. */
  async function applyCommand(audit: TransitionAudit & { readonly actor: Caller }, orderId: string, command: OrderCommand) {
    await visibleOrder(audit.actor, orderId);
    const result = await inTransaction(async (tx) => {
      const decision = await transitionOrder(tx, deps.transitions, orderId, command);
      if (decision.ok) await auditTransition(tx, deps.transitions.outbox, orderId, decision, audit);
      return decision;
    });
    if (!result.ok) throw new AppError(result.code, result.message, { order_id: orderId });
    return toOrderResponse((await findOrder(sql, orderId))!);
  }

  r.post(
    '/api/v1/orders',
    {
      preHandler: requireRole('customer', 'partner', 'admin'),
      schema: { tags: ['orders'], headers: IdempotencyHeaders, body: CreateOrderBody, response: { 200: OrderResponse, 201: OrderResponse, 202: OrderResponse, ...errors } },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const key = request.headers['idempotency-key'];
      const idempotency = key ? { key, hash: requestHash('POST', '/api/v1/orders', request.body) } : undefined;
      const waitMs = preferredWaitMs(request.headers.prefer, deps.wait.defaultMs, deps.wait.maxMs);
      const orderId = randomUUID();
      const outcome = waitMs > 0 ? deps.waiter.watch(orderId) : undefined;
      try {
        const placed = await placeOrder(deps.placing, caller, request.body, { orderId, idempotency });
        if (placed.kind === 'replayed') return reply.code(200).header('idempotent-replayed', 'true').send(placed.body as z.infer<typeof OrderResponse>);
        reply.header('preference-applied', `wait=${waitMs / 1000}`);
        const location = `/api/v1/orders/${orderId}`;
        // respond-async: the order as written, not read back.
        if (!outcome) return reply.code(202).header('location', location).send(placed.order);
        await outcome.until(waitMs);
        const order = (await findOrder(sql, orderId))!;
        if (order.status === 'pending') return reply.code(202).header('location', location).send(toOrderResponse(order));
        const failure = outcomeResponse(order);
        if (failure) throw failure;
        return reply.code(201).header('location', location).send(toOrderResponse(order));
      } finally {
        outcome?.close();
      }
    },
  );

  r.get('/api/v1/orders/:id', { schema: { tags: ['orders'], params: OrderIdParams, response: { 200: OrderResponse, ...errors } } }, async (request) =>
    toOrderResponse(await visibleOrder(callerOf(request), request.params.id)),
  );

  r.get('/api/v1/orders', { schema: { tags: ['orders'], querystring: ListOrdersQuery, response: { 200: ListOrdersResponse, ...errors } } }, async (request) => {
    const caller = callerOf(request);
    return listOrders(deps.prisma, caller, request.query, seesAllOrders(caller));
  });

  r.post(
    '/api/v1/orders/:id/cancel',
    {
      // Seed §7.3.1: partners place and read their orders but cancel none (403 before any lookup).
      preHandler: requireRole('customer', 'support', 'admin'),
      schema: { tags: ['orders'], params: OrderIdParams, body: CancelOrderBody.optional(), response: { 200: OrderResponse, ...errors } },
    },
    async (request) => {
      const audit = auditContextOf(request);
      const actor = actorOf(audit.actor);
      return applyCommand({ ...audit, as: actor, note: request.body?.reason }, request.params.id, {
        type: 'cancel',
        actor,
        reason: actor === 'customer' ? 'customer_request' : 'support_request',
      });
    },
  );

  r.patch(
    '/api/v1/orders/:id/status',
    {
      preHandler: requireRole('support', 'admin'),
      schema: { tags: ['orders'], params: OrderIdParams, body: UpdateOrderStatusBody, response: { 200: OrderResponse, ...errors } },
    },
    async (request) => {
      const audit = auditContextOf(request);
      const actor = actorOf(audit.actor);
      const body = request.body;
      const command: OrderCommand =
        body.status === 'processing'
          ? { type: 'start_processing', actor }
          : body.status === 'shipped'
            ? { type: 'ship', actor, carrier: body.carrier!, trackingNumber: body.tracking_number! }
            : { type: 'deliver', actor };
      return applyCommand({ ...audit, as: actor }, request.params.id, command);
    },
  );
}
