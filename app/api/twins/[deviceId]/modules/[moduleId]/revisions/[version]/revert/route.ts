import { twinRevisionHandlers } from "@/lib/api/twin-revision-handlers";

export const { POST } = twinRevisionHandlers();
