import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createKafka } from './kafka-client.js';
import { kafkajsRequestQueue } from './kafkajs-idle-timer.js';
import { testServers } from '@shop/testing';

describe('kafkajs connections at rest', () => {
  const kafka = createKafka({ brokers: testServers.kafkaBrokers, clientId: 'idle-timer-test' });
  const admin = kafka.admin();
  afterAll(() => admin.disconnect());

  it('check their request queue only when a request is waiting, not every millisecond', async () => {
    await admin.connect();
    await admin.listTopics();
    const checks = vi.spyOn(kafkajsRequestQueue().prototype, 'checkPendingRequests');
    await sleep(300);
    const atRest = checks.mock.calls.length;
    await admin.listTopics();
    checks.mockRestore();
    // Unfixed, every open connection re-checks its empty queue about once a millisecond (~300 here).
    expect(atRest).toBeLessThan(5);
  });
});
