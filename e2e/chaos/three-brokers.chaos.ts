import { describe } from 'vitest';
import { leaderKill } from './faults.js';
import { runFaults } from './run-faults.js';

// A world on a three-broker KRaft cluster (replication factor 3, min.insync.replicas 2).
describe('the platform settles after each fault, three brokers', () => {
  runFaults({ kafkaNodes: 3 }, [leaderKill]);
});
