import { sql, type SQL } from "drizzle-orm";

/**
 * A compiled query (`$1..$n` text + params, from lib/domain) as a drizzle SQL object, so it can run
 * inside a drizzle transaction. The text never contains user input (the compilers guarantee it);
 * every `$n` becomes a bound parameter again.
 */
export function fromCompiled(text: string, params: readonly unknown[]): SQL {
  const chunks: SQL[] = [];
  let last = 0;
  for (const match of text.matchAll(/\$(\d+)/g)) {
    chunks.push(sql.raw(text.slice(last, match.index)));
    chunks.push(sql`${params[Number(match[1]) - 1]}`);
    last = match.index + match[0].length;
  }
  chunks.push(sql.raw(text.slice(last)));
  return sql.join(chunks, sql``);
}
