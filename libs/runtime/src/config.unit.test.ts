import { describe, expect, it } from 'vitest';
import { allTopicSpecs } from '@shop/contracts';
import {
  baseConfigSchema,
  ConfigError,
  devDefaults,
  parseConfig,
  topicSetup,
  topicSetupConfigSchema,
} from './config.js';

const valid = devDefaults({ port: 3003, schema: 'orders', role: 'order_svc' });

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
