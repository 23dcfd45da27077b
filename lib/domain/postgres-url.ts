/**
 * A PostgreSQL URL as libpq reads it, reduced to what postgres.js needs.
 *
 * libpq (psql, node-pg) reaches a server on a Unix-domain socket through the `host` query
 * parameter naming a folder, `postgres://user@localhost:5432/db?host=/var/run/postgresql`, or a
 * percent-encoded folder as the host, `postgres://user@%2Fvar%2Frun%2Fpostgresql:5432/db`.
 * postgres.js 3.4 understands neither: it would send `host` to the server as a run-time setting
 * (which the server refuses) and it keeps the encoded host as a TCP host name. So the socket folder
 * is taken out of the URL here and handed to postgres.js as its `host` option, which it turns into
 * `{folder}/.s.PGSQL.{port}`. node-pg (the Socket.IO cluster adapter) parses the original URL itself.
 *
 * A socket skips the loopback TCP stack: the hub's round trips to a PostgreSQL on the same machine
 * cost less CPU on both sides (docs/benchmarks.md).
 */
export type PostgresTarget = {
  /** The URL to give postgres.js: the original without the socket folder. */
  url: string;
  /** The Unix-socket folder, when the URL names one. */
  socketDir?: string;
};

export function postgresTarget(databaseUrl: string): PostgresTarget {
  const url = new URL(databaseUrl);
  const fromQuery = url.searchParams.get("host");
  if (fromQuery !== null) {
    url.searchParams.delete("host");
    if (fromQuery.startsWith("/")) {
      if (url.hostname === "") url.hostname = "localhost";
      return { url: url.toString(), socketDir: fromQuery };
    }
    // A TCP host given as a parameter (libpq allows it) replaces the one in the authority.
    url.hostname = fromQuery;
    return { url: url.toString() };
  }
  const host = safeDecode(url.hostname);
  if (host.startsWith("/")) {
    url.hostname = "localhost";
    return { url: url.toString(), socketDir: host };
  }
  return { url: databaseUrl };
}

function safeDecode(text: string) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
