/**
 * Who may have stored messages forwarded (reference §11 "Authentication while offline"): edgeHub
 * keeps no tokens across an outage, so after reconnecting each sending module must present a fresh
 * token that validates before its messages go upstream. A module that is gone or cannot present a
 * token leaves its messages held (they still expire by TTL). A module (re)started while the hub
 * was unreachable cannot authenticate, so it cannot send at all until the device is online again.
 */
export type ModuleAuth = {
  /** The module has a running instance that could present a token. */
  isPresent: boolean;
  /** When its last token was validated (by the hub, over its own connection); null = never. */
  validatedAt: number | null;
  /** Expiry of that token; null = none. */
  tokenExpiresAt: number | null;
  /** This instance started while the device was offline and has not authenticated since. */
  startedOffline: boolean;
};

export type GateContext = { isOnline: boolean; onlineSince: number; now: number };
export type GateVerdict = { ok: true } | { ok: false; reason: "offline" | "gone" | "no-token" | "stale-token" | "token-expired" };

export function mayForward(auth: ModuleAuth | undefined, ctx: GateContext): GateVerdict {
  if (!ctx.isOnline) return { ok: false, reason: "offline" };
  if (!auth || !auth.isPresent) return { ok: false, reason: "gone" };
  if (auth.validatedAt === null || auth.tokenExpiresAt === null) return { ok: false, reason: "no-token" };
  // A token validated before the outage ended does not count: edgeHub does not keep tokens.
  if (auth.validatedAt < ctx.onlineSince) return { ok: false, reason: "stale-token" };
  if (auth.tokenExpiresAt <= ctx.now) return { ok: false, reason: "token-expired" };
  return { ok: true };
}

/** Whether edgeHub takes a new message from this module now. */
export function mayAccept(auth: ModuleAuth | undefined, isOnline: boolean): boolean {
  if (!auth || !auth.isPresent) return false;
  return isOnline || !auth.startedOffline;
}

/**
 * Forwarding waits until every running module with stored messages has re-authenticated (so the
 * backlog goes out in one priority order), or until the grace period is over.
 */
export function reauthSettled(waitingFor: ReadonlyArray<ModuleAuth>, ctx: GateContext & { graceMs: number }): boolean {
  if (!ctx.isOnline) return false;
  if (ctx.now >= ctx.onlineSince + ctx.graceMs) return true;
  return waitingFor.every((a) => !a.isPresent || mayForward(a, ctx).ok);
}
