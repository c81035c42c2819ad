import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { services } from '@shop/contracts';
import { createHttpApp } from '@shop/http';
import { createLogger, createMetrics } from '@shop/telemetry';
import { checkKongConfig } from './support/kong/config-checks.js';
import { expectedOperations, tokenEdgeLimit } from './support/kong/expectations.js';
import { routesMatching } from './support/kong/kong-router.js';
import { KongDeclarativeConfig, type KongPlugin } from './support/kong/kong-schema.js';

const root = resolve(import.meta.dirname, '..');
const operations = expectedOperations(root);
const committed = () => KongDeclarativeConfig.parse(parse(readFileSync(resolve(root, 'infra/kong/kong.yaml'), 'utf8')));
const generate = (...args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'tools/kong.ts', ...args], {
    cwd: root,
    stdio: 'pipe',
    encoding: 'utf8',
  });

/** Kong's declarative configuration is generated from the OpenAPI documents and checked offline, as deck would. */
describe('Kong configuration (infra/kong/kong.yaml)', () => {
  it('is what npm run kong generates from the OpenAPI documents today', () => {
    expect(() => generate('--check')).not.toThrow();
  });

  it('is Kong 3 declarative YAML routing each public operation once, with jwt and edge limits per tier', () => {
    const config = parse(readFileSync(resolve(root, 'infra/kong/kong.yaml'), 'utf8'));
    expect(operations.filter((o) => o.exposed).length).toBeGreaterThan(0);
    expect(checkKongConfig(config, operations)).toEqual([]);
  });

  it('routes concrete request paths as Kong would', () => {
    const config = committed();
    const routeOf = (method: string, path: string) =>
      routesMatching(config, method, path).map((m) => `${m.service}/${m.route.name}`);
    const order = '3f2b8c4e-5d6a-4b7c-9e1f-0a2b3c4d5e6f';
    expect(routeOf('GET', `/api/v1/orders/${order}`)).toEqual(['order-service/order-service-get-api-v1-orders-id']);
    expect(routeOf('POST', `/api/v1/orders/${order}/cancel`)).toEqual([
      'order-service/order-service-post-api-v1-orders-id-cancel',
    ]);
    expect(routeOf('GET', '/api/v1/orders')).toEqual(['order-service/order-service-get-api-v1-orders']);
    expect(routeOf('GET', '/.well-known/jwks.json')).toEqual(['user-service/user-service-get-well-known-jwks-json']);
    expect(routeOf('GET', '/.well-known/jwksXjson')).toEqual([]);
    expect(routeOf('DELETE', `/api/v1/orders/${order}`)).toEqual([]);
    expect(routeOf('GET', `/api/v1/orders/${order}/extra`)).toEqual([]);
    expect(routeOf('GET', '/health')).toEqual([]);
  });

  it('demands a token on every order route and limits it per token at the generous edge tier', () => {
    const orderRoutes = committed().services?.find((s) => s.name === 'order-service')?.routes ?? [];
    const apiRoutes = orderRoutes.filter((r) => !r.methods?.includes('OPTIONS'));
    expect(apiRoutes.length).toBe(operations.filter((o) => o.service === 'order-service').length);
    for (const route of apiRoutes) {
      expect(route.plugins?.map((p) => p.name)).toEqual(['jwt', 'rate-limiting']);
      const limit = route.plugins?.find((p) => p.name === 'rate-limiting');
      expect(limit?.config).toMatchObject({ ...tokenEdgeLimit, limit_by: 'header', header_name: 'Authorization' });
    }
  });

  it('reaches each service where docker-compose runs Kong: host.docker.internal, its port, its config', () => {
    const config = committed();
    expect(config.services?.map((s) => [s.name, s.host, s.port])).toEqual(
      services.map((s) => [s.name, 'host.docker.internal', s.port]),
    );
    const kong = parse(readFileSync(resolve(root, 'docker-compose.yml'), 'utf8')).services.kong;
    expect(kong.image).toBe('kong:3.9');
    expect(kong.environment.KONG_DATABASE).toBe('off');
    expect(kong.environment.KONG_ROUTER_FLAVOR).toBe('traditional_compatible');
    expect(kong.volumes).toContain(`./infra/kong/kong.local.yaml:${kong.environment.KONG_DECLARATIVE_CONFIG}:ro`);
    expect(kong.extra_hosts).toContain('host.docker.internal:host-gateway');
  });
});

describe('Kong configuration rendered with the access-token key (kong.local.yaml)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kong-'));
  const origin = 'https://shop.example';
  let rendered: KongDeclarativeConfig;
  let publicKeyPem: string;

  beforeAll(() => {
    publicKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    writeFileSync(join(dir, 'public.pem'), publicKeyPem);
    generate(
      '--public-key-file',
      join(dir, 'public.pem'),
      '--cors-origins',
      origin,
      '--redis-host',
      'redis',
      '--out',
      join(dir, 'kong.yaml'),
    );
    rendered = KongDeclarativeConfig.parse(parse(readFileSync(join(dir, 'kong.yaml'), 'utf8')));
  });

  it('passes every check and trusts the key under its RFC 7638 thumbprint, the kid of the user service tokens', () => {
    expect(checkKongConfig(rendered, operations)).toEqual([]);
    const [secret] = rendered.consumers?.flatMap((c) => c.jwt_secrets ?? []) ?? [];
    expect(createPublicKey(secret!.rsa_public_key!).export({ type: 'spki', format: 'pem' })).toBe(publicKeyPem);
    expect(secret!.key).toBe(thumbprint(publicKeyPem));
    const limits = rendered
      .services!.flatMap((s) => s.routes ?? [])
      .flatMap((r) => r.plugins ?? [])
      .filter((p) => p.name === 'rate-limiting');
    expect(new Set(limits.map((p) => p.config.redis?.host))).toEqual(new Set(['redis']));
  });

  it('answers browsers as the services do for the same CORS_ORIGINS', async () => {
    const cors = rendered.plugins?.find((p): p is Extract<KongPlugin, { name: 'cors' }> => p.name === 'cors');
    expect(cors?.config.origins).toEqual([origin]);
    const app = await createHttpApp('cors-probe', {
      logger: createLogger('cors-probe', 'silent'),
      metrics: createMetrics('cors-probe'),
      readiness: {},
      publicKey: publicKeyPem,
      corsOrigins: [origin],
    });
    try {
      const preflight = await app.inject({
        method: 'OPTIONS',
        url: '/health',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
      const list = (header: string | string[] | number | undefined) =>
        String(header)
          .split(',')
          .map((s) => s.trim().toLowerCase());
      expect(list(preflight.headers['access-control-allow-methods'])).toEqual(
        cors!.config.methods!.map((m) => m.toLowerCase()),
      );
      expect(list(preflight.headers['access-control-allow-headers'])).toEqual(cors!.config.headers);
      expect(Number(preflight.headers['access-control-max-age'])).toBe(cors!.config.max_age);
      const simple = await app.inject({ method: 'GET', url: '/health', headers: { origin } });
      expect(list(simple.headers['access-control-expose-headers'])).toEqual(cors!.config.exposed_headers);
      expect(simple.headers['access-control-allow-credentials']).toBeUndefined();
      expect(cors!.config.credentials).toBe(false);
    } finally {
      await app.close();
    }
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));
});

/** RFC 7638, computed here from the key itself rather than by the generator's code. */
function thumbprint(pem: string): string {
  const { e, n } = createPublicKey(pem).export({ format: 'jwk' });
  return createHash('sha256')
    .update(JSON.stringify({ e, kty: 'RSA', n }))
    .digest('base64url');
}
