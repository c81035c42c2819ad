/**
 * A list's WHERE conditions and their values, numbered in the order they are added, so that no
 * repository counts placeholders by hand: `filters.add((p) => \`status = ${p}\`, query.status)`.
 * A filter the caller did not ask for (undefined, null or '') adds nothing.
 */
export class Filters {
  readonly where: string[] = [];
  readonly values: unknown[] = [];

  add(condition: (placeholder: string) => string, value: unknown): this {
    if (value === undefined || value === null || value === '') return this;
    this.values.push(value);
    this.where.push(condition(`$${this.values.length}`));
    return this;
  }
}
