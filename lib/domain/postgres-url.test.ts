import { describe, expect, it } from "vitest";
import { postgresTarget } from "./postgres-url";

describe("postgresTarget", () => {
  it.each([
    // [database URL, URL handed to postgres.js, socket folder]
    ["postgres://edgedeck:pw@127.0.0.1:5432/edgedeck", "postgres://edgedeck:pw@127.0.0.1:5432/edgedeck", undefined],
    ["postgres://u@db.internal/edgedeck?sslmode=require", "postgres://u@db.internal/edgedeck?sslmode=require", undefined],
    ["postgres://u@localhost:5433/edgedeck?host=/var/run/postgresql", "postgres://u@localhost:5433/edgedeck", "/var/run/postgresql"],
    ["postgres://u@localhost/edgedeck?host=/tmp&sslmode=disable", "postgres://u@localhost/edgedeck?sslmode=disable", "/tmp"],
    ["postgresql:///edgedeck?host=/run/pg", "postgresql://localhost/edgedeck", "/run/pg"],
    ["postgres://u@%2Fvar%2Frun%2Fpostgresql:5433/edgedeck", "postgres://u@localhost:5433/edgedeck", "/var/run/postgresql"],
    // A TCP host given as a parameter replaces the authority's host, as libpq does.
    ["postgres://u@ignored:5432/edgedeck?host=db.internal", "postgres://u@db.internal:5432/edgedeck", undefined],
    // Not a folder: left alone.
    ["postgres://u@%zz/edgedeck", "postgres://u@%zz/edgedeck", undefined],
  ])("%s", (input, url, socketDir) => {
    const target = postgresTarget(input);
    expect(target.url).toBe(url);
    expect(target.socketDir).toBe(socketDir);
  });
});
