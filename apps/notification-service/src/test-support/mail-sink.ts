// The development SMTP sink, for the integration tests only (production code may not import dev/).
export { startMailSink, type MailSink } from '@shop/mail-sink';
