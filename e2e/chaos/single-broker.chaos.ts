import { describe } from 'vitest';
import { injectedEvents, processKills, providerFaults, serverFaults } from './faults.js';
import { runFaults } from './run-faults.js';
import { timedKills } from './timed-kills.js';

// One world (one KRaft broker) under a steady stream of orders; the faults one after another.
describe('the platform settles after each fault, one broker', () => {
  runFaults({ kafkaNodes: 1 }, [
    ...processKills,
    ...timedKills,
    ...serverFaults,
    ...providerFaults,
    // Last: they leave dead letters, after which the checker only reports the dead-letter topics.
    ...injectedEvents,
  ]);
});
