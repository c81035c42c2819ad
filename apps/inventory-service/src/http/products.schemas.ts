import { ErrorEnvelope, InventoryHttp } from '@shop/contracts';

/** Route schemas of /products: request and every response status, all from @shop/contracts. */

const tags = ['products'];
const security = [{ bearerAuth: [] }];
/** Reads need no token (`{}`); one that is sent is verified. */
const optionalSecurity: Record<string, string[]>[] = [{}, { bearerAuth: [] }];
const failures = { 400: ErrorEnvelope, 401: ErrorEnvelope, 500: ErrorEnvelope };
const adminFailures = { ...failures, 403: ErrorEnvelope };

export const createProductSchema = {
  tags,
  security,
  summary: 'Add a product to the catalogue (admin)',
  body: InventoryHttp.CreateProductBody,
  response: { 201: InventoryHttp.ProductResponse, ...adminFailures, 409: ErrorEnvelope },
};

export const updateProductSchema = {
  tags,
  security,
  summary: 'Change a product’s catalogue fields (admin)',
  params: InventoryHttp.ProductParams,
  body: InventoryHttp.UpdateProductBody,
  response: { 200: InventoryHttp.ProductResponse, ...adminFailures, 404: ErrorEnvelope },
};

export const adjustStockSchema = {
  tags,
  security,
  summary: 'Correct stock on hand (admin); never below what is reserved',
  params: InventoryHttp.ProductParams,
  body: InventoryHttp.AdjustStockBody,
  response: { 200: InventoryHttp.ProductResponse, ...adminFailures, 404: ErrorEnvelope, 422: ErrorEnvelope },
};

export const getProductSchema = {
  tags,
  security: optionalSecurity,
  summary: 'A product: its stock counts for support and admins; active only, with its availability, for others',
  params: InventoryHttp.ProductParams,
  response: { 200: InventoryHttp.ProductViewResponse, ...failures, 404: ErrorEnvelope },
};

export const listProductsSchema = {
  tags,
  security: optionalSecurity,
  summary: 'The catalogue, newest first, cursor-paginated; without a support or admin token, active products only',
  querystring: InventoryHttp.ListProductsQuery,
  response: { 200: InventoryHttp.ProductViewListResponse, ...failures },
};
