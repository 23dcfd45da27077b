import { can } from "@/lib/api/permissions";
import { apiRoute, jsonResponse } from "@/lib/api/route";
import { hashPassword } from "@/lib/auth/password-hash";
import { createUser, listUsers } from "@/lib/data/operator-users";
import { normalizeUsername, validatePassword } from "@/lib/domain/access";
import { userCreateSchema } from "@/lib/schemas/operators";

export const GET = apiRoute({ permission: can.manageUsers, handle: () => listUsers() });

export const POST = apiRoute<Record<string, string>, typeof userCreateSchema>({
  permission: can.manageUsers,
  body: userCreateSchema,
  handle: async ({ body, context }) => {
    const username = normalizeUsername(body.username);
    const passwordHash = await hashPassword(validatePassword(body.password));
    return jsonResponse(await createUser({ username, passwordHash, role: body.role }, context), { status: 201 });
  },
});
