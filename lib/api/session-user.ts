import { AppError } from "@/lib/domain/errors";
import type { Principal } from "./authenticate";

/** The user id of a `session` route's caller (apiRoute has already refused anyone else). */
export function sessionUserId(principal: Principal | null): string {
  if (principal?.kind !== "user") throw new AppError("IotHubUnauthorizedAccess", "Only a signed-in operator can do this");
  return principal.userId;
}
