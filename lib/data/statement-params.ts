/** Binds `value` as the next `$n` parameter, cast to `type`, and returns the placeholder. */
export type BindParam = (value: unknown, type: string) => string;

/**
 * Parameters for a statement assembled from fixed text fragments. Writes of the same shape give
 * the same text, so postgres.js prepares each shape once per connection; building the text costs
 * far less than composing drizzle SQL objects on a hot path.
 */
export function statementParams(): { values: unknown[]; param: BindParam } {
  const values: unknown[] = [];
  return {
    values,
    param: (value, type) => {
      values.push(value);
      return `$${values.length}::${type}`;
    },
  };
}
