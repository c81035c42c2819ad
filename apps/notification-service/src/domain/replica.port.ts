import type { ContactRow, OrderRecipientRow, StoredContact } from './replica.js';

/** The contact and order replicas fed by users.events and orders.events, in the consumer's transaction. */
export interface ReplicaRepository {
  upsertContact(contact: ContactRow, at: Date): Promise<void>;
  upsertOrder(order: OrderRecipientRow, at: Date): Promise<void>;
  /**
   * GDPR erasure: the contact goes, past notifications keep no address, no event payload, no
   * greeting by name and no delivery error, and mails not yet sent are cancelled.
   */
  eraseUser(userId: string, at: Date): Promise<void>;
}

/** The contact replica read outside any transaction. */
export interface ContactDirectory {
  findContact(userId: string): Promise<StoredContact | null>;
}
