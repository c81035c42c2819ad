import { describe, expect, it } from 'vitest';
import { baseConfigSchema, ConfigError, devDefaults, parseConfig } from './config.js';

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
});
