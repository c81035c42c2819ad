/** What every template returns: a subject, an HTML part and the plain-text part (always present). */
export interface RenderedMail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

/** Who the mail is for, from the contact replica. */
export interface Recipient {
  readonly email: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
}

export const greetingName = (to: Recipient): string => to.firstName?.trim() || 'there';
