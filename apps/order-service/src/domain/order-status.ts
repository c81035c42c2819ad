/** The order's life: one table of who may move it from where to where. */
export type OrderStatus = 'pending' | 'confirmed' | 'processing' | 'shipped' | 'delivered' | 'cancelled';

export type Actor = 'saga' | 'customer' | 'support' | 'admin';

export type OrderCommand =
  | { type: 'confirm' }
  | { type: 'cancel'; reason: CancellationReason; actor: Actor }
  | { type: 'start_processing'; actor: Actor }
  | { type: 'ship'; actor: Actor; carrier: string; trackingNumber: string }
  | { type: 'deliver'; actor: Actor };

export type CancellationReason =
  'insufficient_inventory' | 'payment_failed' | 'reservation_expired' | 'customer_request' | 'support_request';

interface Transition {
  readonly from: OrderStatus;
  readonly command: OrderCommand['type'];
  readonly to: OrderStatus;
  /** Who may trigger it; the saga acts on events, people through the API. */
  readonly actors: readonly Actor[];
}

const staff: readonly Actor[] = ['support', 'admin'];

export const transitions: readonly Transition[] = [
  { from: 'pending', command: 'confirm', to: 'confirmed', actors: ['saga'] },
  { from: 'pending', command: 'cancel', to: 'cancelled', actors: ['saga', 'customer', ...staff] },
  { from: 'confirmed', command: 'start_processing', to: 'processing', actors: staff },
  { from: 'confirmed', command: 'cancel', to: 'cancelled', actors: ['saga', 'customer', ...staff] },
  { from: 'processing', command: 'ship', to: 'shipped', actors: staff },
  { from: 'processing', command: 'cancel', to: 'cancelled', actors: staff },
  { from: 'shipped', command: 'deliver', to: 'delivered', actors: staff },
  { from: 'shipped', command: 'cancel', to: 'cancelled', actors: staff },
];

/** The statuses a customer waits for after placing an order: the saga's outcome. */
export const sagaOutcomes: ReadonlySet<OrderStatus> = new Set(['confirmed', 'cancelled']);
