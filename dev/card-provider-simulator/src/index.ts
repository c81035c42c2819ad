// What tests of the payment service use: the simulated card processor, started in-process.
export { buildProviderSimulator, startProviderSimulator } from './simulator.js';
export { developmentApiKey } from './api-key.js';
export type { RunningSimulator, SimulatorControls, SimulatorOptions } from './simulator.js';
export type {
  AuthorizationStatus,
  Ledger,
  LedgerEntry,
  LedgerOperation,
  LedgerRefusal,
  MisappliedTerms,
  ProcessorOperation,
  SettlementOperation,
} from './ledger.js';
