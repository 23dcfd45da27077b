import { getUser, updateUser } from "@/lib/data/operator-users";
import type { WriteContext } from "@/lib/data/create-or-update-device";
import { validatePassword, type Principal } from "@/lib/domain/access";
import { AppError } from "@/lib/domain/errors";
import { hashPassword, verifyPassword } from "./password-hash";

export async function changeOwnPassword(
  principal: Principal,
  body: { currentPassword: string; newPassword: string },
  context: WriteContext,
) {
  if (principal.kind !== "user") throw new AppError("Forbidden", "Only a signed-in operator has a password");
  const user = await getUser(principal.userId);
  if (!(await verifyPassword(user.passwordHash, body.currentPassword))) {
    throw new AppError("ArgumentInvalid", "The current password is wrong", { path: "currentPassword" });
  }
  const passwordHash = await hashPassword(validatePassword(body.newPassword, "newPassword"));
  await updateUser(principal.userId, { passwordHash, keepSessionTokenHash: principal.sessionId }, context);
  return { ok: true };
}
