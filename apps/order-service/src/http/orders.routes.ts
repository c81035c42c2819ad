import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  CancelOrderBody,
  CreateOrderBody,
  ListOrdersQuery,
  ListOrdersResponse,
  OrderIdParams,
  OrderResponse,
  UpdateOrderStatusBody,
} from '@shop/contracts';
import {
  auditContextOf,
  authenticate,
  callerOf,
  decodeKeysetCursor,
  hasRole,
  requireRole,
  type Caller,
} from '@shop/http';
import { getOrder } from '../application/get-order.js';
import { listOrders } from '../application/list-orders.js';
import type { OrderDeps } from '../application/order-deps.js';
import { placeOrder } from '../application/place-order.js';
import { requestTransition } from '../application/request-transition.js';
import type { OrderCommand } from '../domain/order-status.js';
import { orderErrors as errors, orderSecurity as security, PlaceOrderHeaders } from './orders.schemas.js';
import { outcomeError, toListResponse, toOrderResponse } from './orders.response.js';
import { preferredWaitMs } from './prefer.js';
import { requestHash } from './request-hash.js';

export interface OrderRouteDeps extends OrderDeps {
  readonly wait: { readonly defaultMs: number; readonly maxMs: number };
}

const actorOf = (caller: Caller) =>
  hasRole(caller, 'admin') ? 'admin' : hasRole(caller, 'support') ? 'support' : 'customer';

/** Orders API: place, read, list, cancel, and move through fulfilment. */
export async function orderRoutes(app: FastifyInstance, deps: OrderRouteDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const orders = deps.persistence.autocommit.orders;
  r.addHook('onRequest', authenticate);

  r.post(
    '/api/v1/orders',
    {
      preHandler: requireRole('customer', 'partner', 'admin'),
      schema: {
        tags: ['orders'],
        security,
        headers: PlaceOrderHeaders,
        body: CreateOrderBody,
        response: { 200: OrderResponse, 201: OrderResponse, 202: OrderResponse, ...errors },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const idempotency = key
        ? { key, hash: requestHash('POST', '/api/v1/orders', request.body), replyBody: toOrderResponse }
        : undefined;
      const waitMs = preferredWaitMs(request.headers.prefer, deps.wait.defaultMs, deps.wait.maxMs);
      const orderId = randomUUID();
      const placed = await placeOrder(deps, callerOf(request), request.body, { orderId, idempotency, waitMs });
      if (placed.kind === 'replayed') {
        return reply
          .code(200)
          .header('idempotent-replayed', 'true')
          .send(placed.body as OrderResponse);
      }
      reply.header('preference-applied', `wait=${waitMs / 1000}`);
      const location = `/api/v1/orders/${orderId}`;
      if (placed.kind === 'pending')
        return reply.code(202).header('location', location).send(toOrderResponse(placed.order));
      const failure = outcomeError(placed.order);
      if (failure) throw failure;
      return reply.code(201).header('location', location).send(toOrderResponse(placed.order));
    },
  );

  r.get(
    '/api/v1/orders/:id',
    { schema: { tags: ['orders'], security, params: OrderIdParams, response: { 200: OrderResponse, ...errors } } },
    async (request) => toOrderResponse(await getOrder(orders, callerOf(request), request.params.id)),
  );

  r.get(
    '/api/v1/orders',
    {
      schema: {
        tags: ['orders'],
        security,
        querystring: ListOrdersQuery,
        response: { 200: ListOrdersResponse, ...errors },
      },
    },
    async (request) => {
      const { query } = request;
      // The sort's kind is checked against the position where the sort is known (order-list.repository).
      const after = decodeKeysetCursor(query.cursor);
      return toListResponse(await listOrders(deps.persistence.orderList, callerOf(request), query, after), query);
    },
  );

  r.post(
    '/api/v1/orders/:id/cancel',
    {
      // Partners place and read their orders but cancel none (403 before any lookup).
      preHandler: requireRole('customer', 'support', 'admin'),
      schema: {
        tags: ['orders'],
        security,
        params: OrderIdParams,
        body: CancelOrderBody.optional(),
        response: { 200: OrderResponse, ...errors },
      },
    },
    async (request) => {
      const audit = auditContextOf(request);
      const actor = actorOf(audit.actor);
      const command: OrderCommand = {
        type: 'cancel',
        actor,
        reason: actor === 'customer' ? 'customer_request' : 'support_request',
      };
      const order = await requestTransition(deps, {
        orderId: request.params.id,
        command,
        audit: { ...audit, as: actor, note: request.body?.reason },
      });
      return toOrderResponse(order);
    },
  );

  r.patch(
    '/api/v1/orders/:id/status',
    {
      preHandler: requireRole('support', 'admin'),
      schema: {
        tags: ['orders'],
        security,
        params: OrderIdParams,
        body: UpdateOrderStatusBody,
        response: { 200: OrderResponse, ...errors },
      },
    },
    async (request) => {
      const audit = auditContextOf(request);
      const actor = actorOf(audit.actor);
      const { status, carrier, tracking_number: trackingNumber } = request.body;
      const command: OrderCommand =
        status === 'processing'
          ? { type: 'start_processing', actor }
          : status === 'shipped'
            ? { type: 'ship', actor, carrier: carrier ?? '', trackingNumber: trackingNumber ?? '' }
            : { type: 'deliver', actor };
      return toOrderResponse(
        await requestTransition(deps, { orderId: request.params.id, command, audit: { ...audit, as: actor } }),
      );
    },
  );
}
