import { apiRoute } from "@/lib/api/route";
import { sessionUserId } from "@/lib/api/session-user";
import { deleteSavedView } from "@/lib/data/saved-views";

/** DELETE /views/{viewId}: one of your own saved views (another operator's is 404). */
export const DELETE = apiRoute<{ viewId: string }>({
  permission: "session",
  handle: async ({ principal, params, context }) => {
    await deleteSavedView(sessionUserId(principal), params.viewId, context);
    return new Response(null, { status: 204 });
  },
});
