import { describe, expect, it } from 'vitest';
import { allTopicSpecs } from '@shop/contracts';
import {
  baseConfigSchema,
  ConfigError,
  devDatabaseUrl,
  devDefaults,
  parseConfig,
  parseServiceConfig,
  topicSetup,
  topicSetupConfigSchema,
} from './config.js';

const orderService = { port: 3003, schema: 'orders', role: 'order_svc' };
const valid = devDefaults(orderService);

describe('config', () => {
  it('parses a valid environment with defaults filled in', () => {
    const config = parseConfig(baseConfigSchema, valid);
    expect(config).toMatchObject({
      PORT: 3003,
      DATABASE_SCHEMA: 'orders',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      LOG_LEVEL: 'info',
    });
  });

  it('fails fast naming every bad variable', () => {
    const attempt = () =>
      parseConfig(baseConfigSchema, { ...valid, DATABASE_URL: 'mysql://x', KAFKA_BROKERS: 'nohost', PORT: 'abc' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/DATABASE_URL/);
    expect(attempt).toThrow(/KAFKA_BROKERS/);
    expect(attempt).toThrow(/PORT/);
  });

  it('reads TRUST_PROXY as off, a hop count, or proxy addresses and CIDRs, and refuses anything else', () => {
    const trust = (value?: string) =>
      parseConfig(baseConfigSchema, { ...valid, ...(value !== undefined ? { TRUST_PROXY: value } : {}) }).TRUST_PROXY;
    expect(trust()).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('2')).toBe(2);
    expect(trust('10.0.0.0/8, 127.0.0.1,::1,fd00::/8')).toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8']);
    expect(() => trust('true')).toThrow(/TRUST_PROXY/);
    expect(() => trust('10.0.0.0/33')).toThrow(/TRUST_PROXY/);
    expect(() => trust('kong.internal')).toThrow(/TRUST_PROXY/);
  });

  describe('the profile', () => {
    const start = (env: Record<string, string>) => () => parseServiceConfig(baseConfigSchema, orderService, env);
    // What a cluster sets for a service, short of the one variable each case leaves out.
    const production = {
      PORT: '8080',
      METRICS_PORT: '9464',
      DATABASE_SCHEMA: 'orders',
      DATABASE_URL: 'postgresql://order_svc:s3cret@db.internal:5432/shop',
      JWKS_URL: 'http://user-service:3001/.well-known/jwks.json',
    };
    const without = (name: keyof typeof production, env: Record<string, string> = production) =>
      Object.fromEntries(Object.entries(env).filter(([key]) => key !== name));

    it('fills in the development defaults under development or test, the variables still winning', () => {
      for (const profile of ['development', 'test']) {
        const config = start({ APP_PROFILE: profile, PORT: '4003' })();
        expect(config).toMatchObject({
          APP_PROFILE: profile,
          PORT: 4003,
          METRICS_PORT: Number(devDefaults(orderService).METRICS_PORT),
          DATABASE_SCHEMA: orderService.schema,
          DATABASE_URL: devDatabaseUrl(orderService.role),
        });
      }
    });

    it('outside them (production, also when APP_PROFILE is unset) refuses to start without DATABASE_URL', () => {
      for (const env of [without('DATABASE_URL'), { ...without('DATABASE_URL'), APP_PROFILE: 'production' }]) {
        expect(start(env)).toThrow(ConfigError);
        expect(start(env)).toThrow(/DATABASE_URL/);
      }
      expect(start({ ...without('DATABASE_URL'), APP_PROFILE: 'development' })().DATABASE_URL).toBe(
        devDatabaseUrl(orderService.role),
      );
    });

    it.each(['PORT', 'METRICS_PORT', 'DATABASE_SCHEMA'] as const)('names a missing %s in production', (name) => {
      expect(start(without(name))).toThrow(new RegExp(`${name}:`));
    });

    it('refuses production without a key to verify access tokens, and takes JWKS_URL or a PEM key', () => {
      expect(start(without('JWKS_URL'))).toThrow(/JWKS_URL: required in the production profile/);
      expect(start({ ...without('JWKS_URL'), JWT_PUBLIC_KEY_FILE: '/keys/jwt-public.pem' })().JWT_PUBLIC_KEY_FILE).toBe(
        '/keys/jwt-public.pem',
      );
      expect(start(production)().JWKS_URL).toBe(production.JWKS_URL);
      expect(start({ ...without('JWKS_URL'), APP_PROFILE: 'test' })().JWKS_URL).toBeUndefined();
    });

    it('refuses an unknown profile and metrics on the API port, naming the variable', () => {
      expect(start({ ...production, APP_PROFILE: 'staging' })).toThrow(/APP_PROFILE/);
      expect(start({ ...production, METRICS_PORT: production.PORT })).toThrow(/METRICS_PORT: must differ from PORT/);
    });
  });

  describe('topic set-up', () => {
    const setup = (env: Record<string, string>) => topicSetup(parseConfig(topicSetupConfigSchema, env));

    it("creates the contracts' topics with one copy, acknowledged by it, unless told otherwise", () => {
      expect(setup({})).toEqual({
        topics: allTopicSpecs(),
        durability: { replicationFactor: 1, minInsyncReplicas: 1 },
      });
    });

    it('reads replication, min.insync.replicas and the partition cap from the environment', () => {
      const cap = 6;
      const { topics, durability } = setup({
        KAFKA_REPLICATION_FACTOR: '3',
        KAFKA_MIN_INSYNC_REPLICAS: '2',
        KAFKA_MAX_PARTITIONS: String(cap),
        KAFKA_TOPIC_NAMESPACE: 'ns',
      });
      expect(durability).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
      const contracts = allTopicSpecs('ns');
      expect(topics.map((t) => t.name)).toEqual(contracts.map((t) => t.name));
      for (const [i, topic] of topics.entries()) {
        const wanted = contracts[i]!.partitions;
        expect(topic.partitions).toBe(wanted > cap ? cap : wanted);
      }
    });

    it.each([
      [{ KAFKA_REPLICATION_FACTOR: '0' }, /KAFKA_REPLICATION_FACTOR/],
      [{ KAFKA_REPLICATION_FACTOR: 'three' }, /KAFKA_REPLICATION_FACTOR/],
      [{ KAFKA_MIN_INSYNC_REPLICAS: '2' }, /KAFKA_MIN_INSYNC_REPLICAS: must not exceed KAFKA_REPLICATION_FACTOR/],
      [{ KAFKA_MAX_PARTITIONS: '0' }, /KAFKA_MAX_PARTITIONS/],
    ])('refuses %o at start-up, naming the variable', (env, variable) => {
      expect(() => setup(env)).toThrow(ConfigError);
      expect(() => setup(env)).toThrow(variable);
    });
  });
});
