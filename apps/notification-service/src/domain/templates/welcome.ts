import { html } from './html.js';
import { layout } from './layout.js';
import { greetingName, type Recipient, type RenderedMail } from './rendered-mail.js';

export function welcomeMail(to: Recipient): RenderedMail {
  const name = greetingName(to);
  return layout(
    `Welcome to Shop, ${name}`,
    html`<p>Hello ${name},</p><p>Your account for ${to.email} is ready. Happy shopping!</p>`,
    [`Hello ${name},`, '', `Your account for ${to.email} is ready. Happy shopping!`],
  );
}
