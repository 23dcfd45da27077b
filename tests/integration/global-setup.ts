/**
 * Vitest globalSetup for the integration project. It starts nothing: the store is chosen by the
 * caller (scripts/test-all.mjs starts a throwaway PostgreSQL, or selects in-memory PGlite), and this
 * only refuses to run on anything else, so a stray DATA_DIR never points the suite at real data.
 */
export default function setup(): void {
  const databaseUrl = process.env.DATABASE_URL?.trim();
  const dataDir = process.env.DATA_DIR?.trim();
  if (databaseUrl) {
    const safeUrl = databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
    console.log(`[integration] store: PostgreSQL at ${safeUrl}`);
    return;
  }
  if (dataDir === "memory://") {
    console.log("[integration] store: PGlite in memory (DATA_DIR=memory://)");
    return;
  }
  throw new Error(
    "Integration tests need a store: set DATABASE_URL to a throwaway PostgreSQL database, or DATA_DIR=memory:// " +
      "for in-memory PGlite. `node scripts/test-all.mjs --only integration` does either for you.",
  );
}
