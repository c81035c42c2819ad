import type { RenderedMail } from './templates/rendered-mail.js';

export interface OutgoingMail extends RenderedMail {
  readonly to: string;
  /** Stable per notification, so a resend after a crash is recognisable as the same message. */
  readonly messageId: string;
}

/** Hands a mail to the relay; rejects when the relay did not accept it. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}
