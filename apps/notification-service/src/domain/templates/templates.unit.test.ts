import { describe, expect, it } from 'vitest';
import { renderMail } from '../render-mail.js';
import { escapeHtml, html } from './html.js';

const evil = `<script>alert("x")</script> & 'Bob'`;
const to = { email: 'ada@example.com', firstName: evil, lastName: null };
const orderId = '7d8a1f2e-0000-4000-8000-000000000001';

describe('mail templates', () => {
  it('escapes the five HTML metacharacters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(html`<b>${'<i>'}</b>${html`<i>ok</i>`}${['<', html`<br>`]}`.value).toBe('<b>&lt;i&gt;</b><i>ok</i>&lt;<br>');
  });

  it.each([
    ['welcome', { template: 'welcome' }],
    ['order_confirmed', { template: 'order_confirmed', orderId, totalCents: 11476, currency: 'USD' }],
    ['order_cancelled', { template: 'order_cancelled', orderId, reason: 'payment_failed' }],
    ['order_shipped', { template: 'order_shipped', orderId, carrier: evil, trackingNumber: `1Z<b>99` }],
    ['payment_refunded', { template: 'payment_refunded', orderId, amountCents: 500, currency: 'EUR' }],
  ] as const)('%s: user text is escaped in HTML, kept verbatim in the plain-text part', (_name, content) => {
    const mail = renderMail(content, to);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Bob&#39;');
    expect(mail.text).toContain(evil);
    expect(mail.text.length).toBeGreaterThan(20);
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });

  it('confirmation names the order and total, and the lines when known', () => {
    const mail = renderMail({ template: 'order_confirmed', orderId, totalCents: 11476, currency: 'USD' }, to, [
      { productId: 'p-1', quantity: 2, unitPriceCents: 1000 },
    ]);
    expect(mail.subject).toBe(`Your order ${orderId} is confirmed`);
    expect(mail.text).toContain('Total: $114.76');
    expect(mail.text).toContain('2 x p-1  $20.00');
    expect(mail.html).toContain('<td>p-1</td>');
  });

  it('cancellation gives the reason; shipping gives carrier and tracking; refund gives the amount', () => {
    const plain = { email: 'a@b.c', firstName: 'Ada', lastName: null };
    expect(
      renderMail({ template: 'order_cancelled', orderId, reason: 'insufficient_inventory' }, plain).text,
    ).toContain('because some items are out of stock');
    const shipped = renderMail({ template: 'order_shipped', orderId, carrier: 'UPS', trackingNumber: '1Z999' }, plain);
    expect(shipped.text).toContain('with UPS');
    expect(shipped.html).toContain('<strong>1Z999</strong>');
    expect(
      renderMail({ template: 'payment_refunded', orderId, amountCents: 500, currency: 'EUR' }, plain).subject,
    ).toBe(`Refund of €5.00 for order ${orderId}`);
  });

  it('keeps line breaks out of the subject (no header injection) and greets someone without a name', () => {
    const mail = renderMail(
      { template: 'welcome' },
      { email: 'a@b.c', firstName: 'Ada\r\nBcc: x@evil', lastName: null },
    );
    expect(mail.subject).toBe('Welcome to Shop, Ada Bcc: x@evil');
    expect(renderMail({ template: 'welcome' }, { email: 'a@b.c', firstName: null, lastName: null }).text).toContain(
      'Hello there,',
    );
  });
});
