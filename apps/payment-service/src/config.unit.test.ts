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
const production = { APP_PROFILE: 'production' };
const secret = `sk_live_${'x'.repeat(24)}`;

describe('payment config: the card provider', () => {
  it('defaults to the simulator on loopback with the key the simulator expects, under the development profile', () => {
    const config = parse({});
    expect(config.APP_PROFILE).toBe('development');
    expect(new URL(config.PROVIDER_URL).hostname).toBe('127.0.0.1');
    expect(config.PROVIDER_API_KEY).toBe(developmentApiKey);
    expect(developmentProviderApiKey).toBe(developmentApiKey);
  });

  it('refuses the development key (or none) in the production profile, naming PROVIDER_API_KEY', () => {
    const remote = { ...production, PROVIDER_URL: 'https://psp.example.com' };
    expect(refusal(remote)).toMatch(/PROVIDER_API_KEY: .*production profile/);
    expect(refusal({ ...remote, PROVIDER_API_KEY: developmentProviderApiKey })).toMatch(/PROVIDER_API_KEY/);
    expect(refusal({ ...remote, PROVIDER_API_KEY: '' })).toMatch(/PROVIDER_API_KEY/);
    expect(parse({ ...remote, PROVIDER_API_KEY: secret }).PROVIDER_API_KEY).toBe(secret);
  });

  it('requires PROVIDER_URL in the production profile instead of defaulting to the simulator', () => {
    expect(refusal({ ...production, PROVIDER_API_KEY: secret })).toMatch(/PROVIDER_URL: required in the production/);
  });

  it('refuses plain http to a host that is not loopback, unless APP_PROFILE is development or test', () => {
    const remote = { PROVIDER_URL: 'http://psp.example.com', PROVIDER_API_KEY: secret };
    expect(refusal({ ...remote, ...production })).toMatch(/^Invalid configuration: PROVIDER_URL: must be https/);
    expect(refusal({ ...production, PROVIDER_URL: 'http://127.0.0.1.example.com', PROVIDER_API_KEY: secret })).toMatch(
      /PROVIDER_URL/,
    );
    expect(refusal({ ...remote, APP_PROFILE: 'staging' })).toMatch(/APP_PROFILE/);
    for (const profile of ['development', 'test']) {
      expect(parse({ ...remote, APP_PROFILE: profile }).PROVIDER_URL).toBe(remote.PROVIDER_URL);
    }
    for (const loopback of ['http://127.0.0.1:3099', 'http://localhost:3099/psp/', 'http://[::1]:3099']) {
      expect(parse({ ...production, PROVIDER_URL: loopback, PROVIDER_API_KEY: 'sk_x' }).PROVIDER_URL).toBe(loopback);
    }
    const https = { ...production, PROVIDER_URL: 'https://psp.example.com', PROVIDER_API_KEY: secret };
    expect(parse(https).PROVIDER_URL).toBe('https://psp.example.com');
    expect(refusal({ PROVIDER_URL: 'ftp://psp.example.com' })).toMatch(/PROVIDER_URL/);
  });
});
