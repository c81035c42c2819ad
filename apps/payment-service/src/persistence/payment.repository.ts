import { outboxInsertAll, outboxRows, type PreparedOutboxEvent } from '@shop/messaging';
import { type Sql } from '@shop/persistence';
import type { Payment } from '../domain/payment.js';
import type {
  AttemptRecord,
  BatchWriteOptions,
  IntentStart,
  OrderSignal,
  PaymentRepository,
  WriteOptions,
} from '../domain/payment.repository.port.js';
import { keepInRun, paymentRunOf } from '../domain/payment-run.js';
import { workingStatuses } from '../domain/payment-state-machine.js';
import {
  identityColumns,
  mutableColumns,
  paymentColumns,
  toDomain,
  toIdentityValues,
  toMutableValues,
  type PaymentFields,
} from './payment.mapper.js';

/** The advisory lock of an order that has no payment yet (see PaymentRepository.lockOrder). */
const orderLockKey = (orderId: string): string => `payments.order:${orderId}`;

/** The NOTIFY channel that wakes the authorization workers of one schema. */
export const workChannel = (schema: string): string => `payments_work_${schema}`;

type OutgoingEvent = PreparedOutboxEvent<unknown>;

/**
 * The repository port in plain SQL, bound to one transaction (pg directly on the hot path; any
 * Sql works). A write and what goes with it (the attempt log rows, the outbox events,
 * the NOTIFYs that wake the workers and the relay) are one statement: one round trip.
 */
export function paymentRepository(tx: Sql, schema: string): PaymentRepository<OutgoingEvent> {
  const lockAndRead = async (column: 'order_id' | 'payment_id', id: string) => {
    const [row] = await tx.query<PaymentFields>(
      `SELECT ${paymentColumns} FROM payments p WHERE p.${column} = $1::uuid FOR UPDATE`,
      id,
    );
    return row ? toDomain(row) : null;
  };

  /**
   * The statement of a write whose CTEs are `ctes` (`written` first: the payments it wrote), with
   * its events' rows and the NOTIFYs delivered on commit: the workers' (once) when asked and a
   * payment was written, the relay's when an event was.
   */
  const statementWith = (
    ctes: readonly string[],
    values: unknown[],
    { wakeWorkers = false, events = [] }: BatchWriteOptions<OutgoingEvent>,
  ) => {
    const parts = [...ctes];
    const selected = ['(SELECT count(*) FROM written)::int AS written'];
    if (wakeWorkers) {
      const channel = values.push(workChannel(schema));
      selected.push(
        `(SELECT count(pg_notify($${channel}, '')) FROM (SELECT 1 FROM written LIMIT 1) AS due) AS workers_woken`,
      );
    }
    if (events.length > 0) {
      const outbox = outboxInsertAll(values.length + 1);
      values.push(...outboxRows(events));
      parts.push(`emitted AS (${outbox.insert})`);
      selected.push(`${outbox.notify('emitted')} AS relay_notified`);
    }
    return `WITH ${parts.join(', ')} SELECT ${selected.join(', ')}`;
  };

  /**
   * Runs `write` (an INSERT or UPDATE of one payment) with the attempt row, the events and the
   * NOTIFY it asks for, in one statement.
   */
  const writeWith = async (
    write: string,
    values: unknown[],
    { attempt, wakeWorkers, events }: WriteOptions<OutgoingEvent>,
  ) => {
    if (!attempt && !wakeWorkers && !events?.length) {
      await tx.execute(write, ...values);
      return;
    }
    const ctes = [`written AS (${write} RETURNING payment_id)`];
    if (attempt) ctes.push(`logged AS (${insertAttempt(attempt, values)})`);
    await tx.query(statementWith(ctes, values, { wakeWorkers, events }), ...values);
  };

  return {
    async lockOrder(orderId) {
      await tx.execute(`SELECT pg_advisory_xact_lock(hashtext($1))`, orderLockKey(orderId));
    },
    async lockRun(orderIds) {
      if (orderIds.length === 0) return paymentRunOf([], []);
      // Sorted by the lock itself (not the key: two keys may share a hash), the one order every run takes them in.
      await tx.query(
        `SELECT count(pg_advisory_xact_lock(lock))
           FROM (SELECT hashtext(k) AS lock FROM unnest($1::text[]) AS k ORDER BY 1) AS locks`,
        orderIds.map(orderLockKey),
      );
      // A new statement, after the locks: it sees every intent committed before they were granted.
      const rows = await tx.query<PaymentFields>(
        `SELECT ${paymentColumns} FROM payments p WHERE p.order_id = ANY($1::uuid[]) ORDER BY p.payment_id FOR UPDATE`,
        [...orderIds],
      );
      return paymentRunOf(orderIds, rows.map(toDomain));
    },
    findByOrderForUpdate: (orderId) => lockAndRead('order_id', orderId),
    findForUpdate: (paymentId) => lockAndRead('payment_id', paymentId),
    async findAllForUpdate(paymentIds): Promise<Payment[]> {
      const rows = await tx.query<PaymentFields>(
        `SELECT ${paymentColumns} FROM payments p
          WHERE p.payment_id = ANY($1::uuid[]) ORDER BY p.payment_id FOR UPDATE`,
        paymentIds,
      );
      return rows.map(toDomain);
    },
    async startIntent(orderId): Promise<IntentStart> {
      // A signal is only recorded while the order has no payment, so there is none to take when it has one.
      const [row] = await tx.query<{ payment_exists: boolean; reserved: boolean | null; cancelled: boolean | null }>(
        `WITH existing AS (SELECT 1 FROM payments WHERE order_id = $1::uuid),
              taken AS (DELETE FROM order_signals WHERE order_id = $1::uuid AND NOT EXISTS (SELECT 1 FROM existing)
                        RETURNING inventory_reserved_at IS NOT NULL AS reserved,
                                  order_cancelled_at IS NOT NULL AS cancelled)
         SELECT EXISTS (SELECT 1 FROM existing) AS payment_exists, taken.reserved, taken.cancelled
           FROM (SELECT 1) AS one LEFT JOIN taken ON true`,
        orderId,
      );
      // The statement always returns its one row; none would mean no payment and no signals.
      if (row?.payment_exists) return { paymentExists: true };
      const reserved = row?.reserved ?? null;
      const signals =
        reserved === null ? null : { inventoryReserved: reserved, orderCancelled: row?.cancelled === true };
      return { paymentExists: false, signals };
    },
    async insert(payment, at, options = {}) {
      const columns = [...identityColumns, ...mutableColumns.map(([column]) => column), 'created_at', 'updated_at'];
      const values = [...toIdentityValues(payment), ...toMutableValues(payment), at, at];
      const placeholders = values.map((_, i) => `$${i + 1}`).join(', ');
      await writeWith(`INSERT INTO payments (${columns.join(', ')}) VALUES (${placeholders})`, values, options);
      keepInRun(options.run, payment);
    },
    async save(payment, at, options = {}) {
      const sets = mutableColumns.map(([column], i) => `${column} = $${i + 3}`).join(', ');
      const values = [payment.paymentId, at, ...toMutableValues(payment)];
      await writeWith(`UPDATE payments SET ${sets}, updated_at = $2 WHERE payment_id = $1::uuid`, values, options);
      keepInRun(options.run, payment);
    },
    async saveAll(payments, at, { attempts = [], wakeWorkers, events } = {}) {
      if (payments.length === 0 && attempts.length === 0) return;
      const rows = payments.map((payment) => {
        const row: Record<string, unknown> = { payment_id: payment.paymentId };
        const values = toMutableValues(payment);
        mutableColumns.forEach(([column], i) => (row[column] = values[i]));
        return row;
      });
      const values: unknown[] = [JSON.stringify(rows), at];
      const sets = mutableColumns.map(([column]) => `${column} = v.${column}`).join(', ');
      const columnTypes = mutableColumns.map(([column, type]) => `${column} ${type}`).join(', ');
      const parts = [
        `written AS (
           UPDATE payments p SET ${sets}, updated_at = $2::timestamptz
             FROM jsonb_to_recordset($1::jsonb) AS v(payment_id uuid, ${columnTypes})
            WHERE p.payment_id = v.payment_id
           RETURNING p.payment_id)`,
      ];
      if (attempts.length > 0) parts.push(`logged AS (${insertAttempts(attempts, values)})`);
      await tx.query(statementWith(parts, values, { wakeWorkers, events }), ...values);
    },
    async recordSignal(orderId, signal: OrderSignal, at) {
      if (signal.type === 'inventory_reserved') {
        await tx.execute(
          `INSERT INTO order_signals (order_id, inventory_reserved_at, reservation_expires_at) VALUES ($1::uuid, $2, $3)
           ON CONFLICT (order_id) DO UPDATE SET inventory_reserved_at = EXCLUDED.inventory_reserved_at,
                                                reservation_expires_at = EXCLUDED.reservation_expires_at`,
          orderId,
          at,
          signal.expiresAt,
        );
      } else {
        await tx.execute(
          `INSERT INTO order_signals (order_id, order_cancelled_at) VALUES ($1::uuid, $2)
           ON CONFLICT (order_id) DO UPDATE SET order_cancelled_at = EXCLUDED.order_cancelled_at`,
          orderId,
          at,
        );
      }
    },
    async claimDue(now, limit): Promise<Payment[]> {
      const rows = await tx.query<PaymentFields>(
        `SELECT ${paymentColumns} FROM payments p
          WHERE p.next_attempt_at <= $1::timestamptz AND p.status = ANY($2::text[])
          ORDER BY p.next_attempt_at
          LIMIT $3
          FOR UPDATE SKIP LOCKED`,
        now,
        workingStatuses,
        limit,
      );
      return rows.map(toDomain);
    },
    async recordAttempt(attempt) {
      const values: unknown[] = [];
      await tx.execute(insertAttempt(attempt, values), ...values);
    },
  };
}

/** The INSERT of several attempt rows, their values appended to `values` as one parameter. */
function insertAttempts(attempts: readonly AttemptRecord[], values: unknown[]): string {
  const rows = attempts.map((a) => ({
    payment_id: a.paymentId,
    operation: a.operation,
    outcome: a.outcome,
    error_code: a.errorCode,
    latency_ms: a.latencyMs,
    created_at: a.at,
  }));
  const at = values.push(JSON.stringify(rows));
  return `INSERT INTO payment_attempts (payment_id, operation, outcome, error_code, latency_ms, created_at)
          SELECT payment_id, operation, outcome, error_code, latency_ms, created_at
            FROM jsonb_to_recordset($${at}::jsonb)
                 AS a(payment_id uuid, operation text, outcome text, error_code text, latency_ms int,
                      created_at timestamptz)`;
}

/** The INSERT of an attempt row, its values appended to `values` (so it can join another statement's). */
function insertAttempt(attempt: AttemptRecord, values: unknown[]): string {
  const at = values.length + 1;
  values.push(attempt.paymentId, attempt.operation, attempt.outcome, attempt.errorCode, attempt.latencyMs, attempt.at);
  return `INSERT INTO payment_attempts (payment_id, operation, outcome, error_code, latency_ms, created_at)
          VALUES ($${at}::uuid, $${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5})`;
}
