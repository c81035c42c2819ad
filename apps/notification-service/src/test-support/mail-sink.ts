// The development SMTP sink, for the integration tests only. Apps may not depend on type:dev projects,
// and the boundary rule cannot yet tell a test-only import from a production one.
// eslint-disable-next-line @nx/enforce-module-boundaries
export { startMailSink, type MailSink } from '@shop/mail-sink';
