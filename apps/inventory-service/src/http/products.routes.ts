import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditContextOf, authenticate, decodeKeysetCursor, hasRole, keysetPageResponse, requireRole } from '@shop/http';
import { adjustStock } from '../application/adjust-stock.js';
import type { CatalogueAudience } from '../domain/catalogue-audience.js';
import type { CatalogueDeps } from '../application/catalogue-deps.js';
import { createProduct } from '../application/create-product.js';
import { getProduct, listProducts } from '../application/find-products.js';
import { updateProduct } from '../application/update-product.js';
import { toChanges, toNewProduct, toPublicResponse, toResponse } from './products.response.js';
import {
  adjustStockSchema,
  createProductSchema,
  getProductSchema,
  listProductsSchema,
  updateProductSchema,
} from './products.schemas.js';

// The role check runs in onRequest too, before the body is validated: a customer learns 403,
// not what a valid admin body looks like.
const adminOnly = [authenticate, requireRole('admin')];
// The authorization matrix guards managing the inventory, not browsing it: anyone reads the catalogue,
// signed in or not (what they see depends on who they are: audienceOf); a token that is sent must
// still be valid (401), never quietly read as anonymous.
const anyone = [
  async (request: FastifyRequest, reply: FastifyReply) =>
    request.headers.authorization ? authenticate(request, reply) : undefined,
];

/** Support and admins answer for stock, so they read counts and every status; anyone else the public view. */
const audienceOf = (request: FastifyRequest): CatalogueAudience =>
  request.caller && hasRole(request.caller, 'admin', 'support') ? 'staff' : 'public';

/** The answer depends on the token: no shared cache may hand one caller's answer to another. */
function varyByToken(reply: FastifyReply): void {
  const vary = reply.getHeader('vary');
  reply.header('vary', vary ? `${String(vary)}, Authorization` : 'Authorization');
}

/**
 * /products: admins curate the catalogue and its stock ("Manage Inventory"); anyone reads it, in the
 * view of their audience (docs/api.md).
 */
export const productRoutes: FastifyPluginAsyncZod<CatalogueDeps> = async (app, deps) => {
  app.post('/products', { onRequest: adminOnly, schema: createProductSchema }, async (request, reply) => {
    const product = await createProduct(deps, toNewProduct(request.body), auditContextOf(request));
    const location = `${request.url.split('?')[0]}/${product.productId}`;
    return reply.status(201).header('location', location).send(toResponse(product));
  });

  app.patch('/products/:id', { onRequest: adminOnly, schema: updateProductSchema }, async (request) =>
    toResponse(await updateProduct(deps, request.params.id, toChanges(request.body), auditContextOf(request))),
  );

  app.post('/products/:id/stock', { onRequest: adminOnly, schema: adjustStockSchema }, async (request) =>
    toResponse(await adjustStock(deps, request.params.id, request.body, auditContextOf(request))),
  );

  app.get('/products/:id', { onRequest: anyone, schema: getProductSchema }, async (request, reply) => {
    const audience = audienceOf(request);
    varyByToken(reply);
    const product = await getProduct(deps.catalogue, audience, request.params.id);
    return audience === 'staff' ? toResponse(product) : toPublicResponse(product);
  });

  app.get('/products', { onRequest: anyone, schema: listProductsSchema }, async (request, reply) => {
    const { category, status, limit, cursor } = request.query;
    const after = decodeKeysetCursor(cursor, 'timestamptz');
    const audience = audienceOf(request);
    varyByToken(reply);
    const page = await listProducts(deps.catalogue, audience, { category, status }, after, limit);
    return audience === 'staff' ? keysetPageResponse(page, toResponse) : keysetPageResponse(page, toPublicResponse);
  });
};
