import { apiRoute } from "@/lib/api/route";
import { getStore } from "@/lib/data/store";

export const GET = apiRoute({
  permission: "public",
  handle: async () => {
    const store = await getStore();
    await store.query("select 1", []);
    return { status: "ok", store: store.kind };
  },
});
