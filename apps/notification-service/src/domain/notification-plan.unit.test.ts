import { describe, expect, it } from 'vitest';
import { planMail } from './notification-plan.js';

const orderId = '11111111-1111-4111-8111-111111111111';
const userId = '22222222-2222-4222-8222-222222222222';

describe('planMail: which event calls for which mail', () => {
  it('given a shipment, plans the shipped mail with carrier and tracking', () => {
    expect(
      planMail({
        type: 'com.shop.order.status-changed.v1',
        data: {
          order_id: orderId,
          user_id: userId,
          from: 'processing',
          to: 'shipped',
          carrier: 'UPS',
          tracking_number: '1Z',
        },
      }),
    ).toEqual({
      content: { template: 'order_shipped', orderId, carrier: 'UPS', trackingNumber: '1Z' },
      userId,
      orderId,
    });
  });

  it('given any other status change, plans nothing', () => {
    expect(
      planMail({
        type: 'com.shop.order.status-changed.v1',
        data: { order_id: orderId, user_id: userId, from: 'confirmed', to: 'processing' },
      }),
    ).toBeNull();
  });

  it('given a refund, which names only the order, leaves the user to the order replica', () => {
    expect(
      planMail({
        type: 'com.shop.payment.refunded.v1',
        data: { order_id: orderId, payment_id: userId, amount_cents: 5, currency: 'USD' },
      }),
    ).toMatchObject({ userId: null, orderId });
  });
});
