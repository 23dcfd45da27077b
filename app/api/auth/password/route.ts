import { apiRoute } from "@/lib/api/route";
import { changeOwnPassword } from "@/lib/auth/change-own-password";
import { passwordChangeSchema } from "@/lib/schemas/operators";

/** Self-service password change; ends the user's other sessions. */
export const POST = apiRoute<Record<string, string>, typeof passwordChangeSchema>({
  permission: "session",
  body: passwordChangeSchema,
  handle: ({ principal, body, context }) => changeOwnPassword(principal!, body, context),
});
