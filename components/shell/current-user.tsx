"use client";

import { createContext, useContext } from "react";
import type { Action } from "@/lib/domain/access";

type CurrentUser = { id: string; username: string; role: string; actions: readonly Action[] };
const CurrentUserContext = createContext<CurrentUser | null>(null);

export function CurrentUserProvider({ user, children }: { user: CurrentUser; children: React.ReactNode }) {
  return <CurrentUserContext.Provider value={user}>{children}</CurrentUserContext.Provider>;
}

/** The UI hides what the role cannot do; the server refuses it anyway. */
export function useCan(action: Action): boolean {
  return useContext(CurrentUserContext)?.actions.includes(action) ?? false;
}

export const useCurrentUser = () => useContext(CurrentUserContext);
