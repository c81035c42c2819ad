import { headerText, html, type SafeHtml } from './html.js';
import type { RenderedMail } from './rendered-mail.js';

/** Wraps a template's body in the shared frame; the text part gets the same sign-off. */
export function layout(subject: string, body: SafeHtml, textBody: readonly string[]): RenderedMail {
  const safeSubject = headerText(subject);
  const page = html`<!doctype html>
<html><head><meta charset="utf-8"><title>${safeSubject}</title></head>
<body style="font-family: sans-serif; line-height: 1.5">
${body}
<p>— The Shop team</p>
</body></html>`;
  return { subject: safeSubject, html: page.value, text: [...textBody, '', '— The Shop team', ''].join('\n') };
}
