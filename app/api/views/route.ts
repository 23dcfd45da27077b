import { apiRoute, jsonResponse } from "@/lib/api/route";
import { createSavedView, listSavedViews } from "@/lib/data/saved-views";
import { savedViewBodySchema } from "@/lib/schemas/fleet";
import { sessionUserId } from "@/lib/api/session-user";

/** GET /views: your saved fleet views. POST /views: save one (409 if you have one by that name). */
export const GET = apiRoute({
  permission: "session",
  handle: ({ principal }) => listSavedViews(sessionUserId(principal)),
});

export const POST = apiRoute<Record<string, string>, typeof savedViewBodySchema>({
  permission: "session",
  body: savedViewBodySchema,
  handle: async ({ principal, body, context }) =>
    jsonResponse(await createSavedView(sessionUserId(principal), body, context), { status: 201 }),
});
