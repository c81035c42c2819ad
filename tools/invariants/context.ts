import type { Databases } from './databases.js';
import type { CheckerOptions } from './options.js';
import type { Section } from './report.js';

export interface CheckContext {
  readonly db: Databases;
  readonly options: CheckerOptions;
}

/** One invariant family: reads what it needs and says what holds and what does not. */
export interface InvariantFamily {
  readonly id: string;
  readonly title: string;
  check(context: CheckContext): Promise<Omit<Section, 'id' | 'title'>>;
}

/** Rows listed per rule at most; the counts are always exact. */
export const listLimit = 1000;
