import { centsToAmount } from '@shop/contracts';

// Building a NumberFormat costs far more than formatting with one: one per currency, kept.
const formats = new Map<string, Intl.NumberFormat | null>();

function formatFor(currency: string): Intl.NumberFormat | null {
  if (!formats.has(currency)) {
    let format: Intl.NumberFormat | null;
    try {
      format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    } catch {
      format = null;
    }
    // Currency codes come from events: bound the cache rather than trust their variety.
    if (formats.size < 64) formats.set(currency, format);
    return format;
  }
  return formats.get(currency) ?? null;
}

/** Cents as a display amount, e.g. 11476 USD → "$114.76"; an unknown currency code still renders. */
export function formatMoney(cents: number, currency: string): string {
  const amount = centsToAmount(cents);
  return formatFor(currency)?.format(amount) ?? `${amount.toFixed(2)} ${currency}`;
}
