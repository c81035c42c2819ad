import { outboxInsert, type PreparedOutboxEvent } from '@shop/messaging';
import type { OrderStatus } from '../domain/order-status.js';
import type { OrderTx } from './order-repository.js';
import { recordRunStatus } from './run-snapshot.js';

export interface StatusChange {
  readonly orderId: string;
  readonly to: OrderStatus;
  readonly at: Date;
  /** Column → value for the fields this transition sets besides status and updated_at. */
  readonly fields: Readonly<Partial<Record<TransitionColumn, string | object | null>>>;
  readonly note: string | null;
  /** Tells waiting `Prefer: wait` requests on every instance (NOTIFY on commit). */
  readonly notifyChannel?: string;
  /** The event the transition emits, written with it (and only if the order exists). */
  readonly event: PreparedOutboxEvent<unknown>;
}

const transitionColumns = {
  confirmed_at: 'timestamptz', shipped_at: 'timestamptz', delivered_at: 'timestamptz', cancelled_at: 'timestamptz',
  cancellation_reason: 'text', carrier: 'text', tracking_number: 'text', payment_status: 'text', payment_method: 'jsonb', metadata: 'jsonb',
} as const;
export type TransitionColumn = keyof typeof transitionColumns;

/** The new status, its timeline entry, its event (with the relay's NOTIFY) and (optionally) the outcome NOTIFY in one statement. */
export async function writeStatusChange(tx: OrderTx, change: StatusChange): Promise<void> {
  const values: unknown[] = [change.orderId, change.to, change.at.toISOString(), change.note];
  const sets = Object.entries(change.fields).map(([column, value]) => {
    values.push(value !== null && typeof value === 'object' ? JSON.stringify(value) : value);
    return `${column} = $${values.length}::${transitionColumns[column as TransitionColumn]}`;
  });
  const notify = change.notifyChannel ? (values.push(change.notifyChannel), `, pg_notify($${values.length}, order_id::text)`) : '';
  const event = outboxInsert(values.length + 1, 'FROM changed');
  values.push(...change.event.values);
  await tx.query(
    `WITH changed AS (
       UPDATE orders SET status = $2, updated_at = $3::timestamptz${sets.map((s) => `, ${s}`).join('')}
        WHERE order_id = $1::uuid RETURNING order_id),
     entry AS (INSERT INTO order_timeline (order_id, status, occurred_at, note) SELECT order_id, $2, $3::timestamptz, $4 FROM changed),
     emitted AS (${event.insert})
     SELECT order_id${notify}, ${event.notify('emitted')} AS relay_notified FROM changed`,
    ...values,
  );
  recordRunStatus(tx, change.orderId, change.to);
}

/** Records what the payment service says about the order's money; the order's status stays (an unknown order changes nothing). */
export async function writePaymentStatus(tx: OrderTx, orderId: string, paymentStatus: string): Promise<void> {
  await tx.execute('UPDATE orders SET payment_status = $2 WHERE order_id = $1::uuid', orderId, paymentStatus);
}
