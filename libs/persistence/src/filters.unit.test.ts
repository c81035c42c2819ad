import { describe, expect, it } from 'vitest';
import { Filters } from './filters.js';

describe('Filters', () => {
  it('numbers placeholders in the order conditions are added, skipping filters not asked for', () => {
    const filters = new Filters()
      .add((p) => `status = ${p}`, 'paid')
      .add((p) => `category = ${p}`, undefined)
      .add((p) => `user_id = ${p}::uuid`, '')
      .add((p) => `(actor_id = ${p}::uuid OR target_id = ${p}::uuid)`, 'a1')
      .add((p) => `total >= ${p}`, 0);
    expect(filters.where).toEqual(['status = $1', '(actor_id = $2::uuid OR target_id = $2::uuid)', 'total >= $3']);
    expect(filters.values).toEqual(['paid', 'a1', 0]);
  });
});
