"use client";

import { createContext, useContext } from "react";

/** STATUS_STALE_SECONDS from the server (lib/env.ts), passed down by the portal layout. */
const StaleAfterContext = createContext(300);

export function StatusFreshnessProvider({ staleAfterSeconds, children }: { staleAfterSeconds: number; children: React.ReactNode }) {
  return <StaleAfterContext.Provider value={staleAfterSeconds}>{children}</StaleAfterContext.Provider>;
}

/** Seconds after which a reported status is shown as stale. */
export const useStaleAfterSeconds = () => useContext(StaleAfterContext);
