import { describe, expect, it } from 'vitest';
import { developmentApiKey } from '@shop/card-provider-simulator';
import { serviceInfo } from '@shop/contracts';
import { ConfigError, devDefaults, parseConfig } from '@shop/runtime';
import { developmentProviderApiKey, paymentConfigSchema } from './config.js';

const development = devDefaults(serviceInfo('payment-service'));
const parse = (env: Record<string, string>) => parseConfig(paymentConfigSchema, { ...development, ...env });
const refusal = (env: Record<string, string>): string => {
  try {
    parse(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
};

describe('payment config: the card provider', () => {
  it('defaults to the simulator on loopback with the key the simulator expects by default', () => {
    const config = parse({});
    expect(new URL(config.PROVIDER_URL).hostname).toBe('127.0.0.1');
    expect(config.PROVIDER_API_KEY).toBe(developmentApiKey);
    expect(developmentProviderApiKey).toBe(developmentApiKey);
  });

  it('refuses the development key (or none) when NODE_ENV=production, naming PROVIDER_API_KEY', () => {
    const production = { NODE_ENV: 'production', PROVIDER_URL: 'https://psp.example.com' };
    expect(refusal(production)).toMatch(/PROVIDER_API_KEY: .*NODE_ENV=production/);
    expect(refusal({ ...production, PROVIDER_API_KEY: developmentProviderApiKey })).toMatch(/PROVIDER_API_KEY/);
    expect(refusal({ ...production, PROVIDER_API_KEY: '' })).toMatch(/PROVIDER_API_KEY/);
    const secret = `sk_live_${'x'.repeat(24)}`;
    expect(parse({ ...production, PROVIDER_API_KEY: secret }).PROVIDER_API_KEY).toBe(secret);
  });

  it('refuses plain http to a host that is not loopback, unless NODE_ENV is development or test', () => {
    const remote = { PROVIDER_URL: 'http://psp.example.com', PROVIDER_API_KEY: 'sk_remote' };
    for (const profile of [{}, { NODE_ENV: 'production' }, { NODE_ENV: 'staging' }] as Record<string, string>[]) {
      expect(refusal({ ...remote, ...profile })).toMatch(/^Invalid configuration: PROVIDER_URL: must be https/);
    }
    expect(refusal({ PROVIDER_URL: 'http://127.0.0.1.example.com' })).toMatch(/PROVIDER_URL/);
    for (const profile of ['development', 'test']) {
      expect(parse({ ...remote, NODE_ENV: profile }).PROVIDER_URL).toBe(remote.PROVIDER_URL);
    }
    for (const loopback of ['http://127.0.0.1:3099', 'http://localhost:3099/psp/', 'http://[::1]:3099']) {
      expect(parse({ PROVIDER_URL: loopback, NODE_ENV: 'production', PROVIDER_API_KEY: 'sk_x' }).PROVIDER_URL).toBe(
        loopback,
      );
    }
    expect(parse({ ...remote, PROVIDER_URL: 'https://psp.example.com' }).PROVIDER_URL).toBe('https://psp.example.com');
    expect(refusal({ PROVIDER_URL: 'ftp://psp.example.com' })).toMatch(/PROVIDER_URL/);
  });
});
