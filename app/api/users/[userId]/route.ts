import { can } from "@/lib/api/permissions";
import { apiRoute } from "@/lib/api/route";
import { hashPassword } from "@/lib/auth/password-hash";
import { updateUser } from "@/lib/data/operator-users";
import { validatePassword } from "@/lib/domain/access";
import { userUpdateSchema } from "@/lib/schemas/operators";

/** Change a user's role, disable or enable them, or reset their password (ends their sessions). */
export const PATCH = apiRoute<{ userId: string }, typeof userUpdateSchema>({
  permission: can.manageUsers,
  body: userUpdateSchema,
  handle: async ({ params, body, context }) => {
    const passwordHash = body.password === undefined ? undefined : await hashPassword(validatePassword(body.password));
    return updateUser(params.userId, { role: body.role, disabled: body.disabled, passwordHash }, context);
  },
});
