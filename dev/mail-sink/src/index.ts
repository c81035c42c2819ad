export { startMailSink, type MailSink, type MailSinkOptions, type ReceivedMail } from './mail-sink.js';
