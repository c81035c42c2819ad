import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { services } from '@shop/contracts';
import { developmentMetricsPort } from '@shop/runtime';

const root = resolve(import.meta.dirname, '..');

interface KongService {
  name: string;
  port: number;
  routes: { paths?: string[] }[];
}

/** The metrics listener stays off the gateway: Kong knows each service's API port only. */
describe('the metrics port and the gateway', () => {
  const kong = parse(readFileSync(resolve(root, 'infra/kong/kong.yaml'), 'utf8')) as { services: KongService[] };
  const helmDefaults = readFileSync(resolve(root, 'helm/shop-lib/templates/_helpers.tpl'), 'utf8');
  const clusterMetricsPort = Number(/^metrics:\n(?:\s+#.*\n)*\s+port: (\d+)$/m.exec(helmDefaults)?.[1]);

  it('sends every Kong service to the API port, never to a metrics port', () => {
    expect(clusterMetricsPort).toBeGreaterThan(0);
    for (const s of services) {
      const target = kong.services.find((k) => k.name === s.name);
      expect(target?.port, s.name).toBe(s.port);
      expect([developmentMetricsPort(s.port), clusterMetricsPort]).not.toContain(target?.port);
    }
  });

  it('routes no path that names /metrics', () => {
    const paths = kong.services.flatMap((s) => s.routes.flatMap((r) => r.paths ?? []));
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.filter((p) => /metrics/i.test(p))).toEqual([]);
  });
});
