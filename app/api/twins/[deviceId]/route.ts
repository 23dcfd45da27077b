import { twinHandlers } from "@/lib/api/twin-handlers";

export const { GET, PATCH, PUT } = twinHandlers();
