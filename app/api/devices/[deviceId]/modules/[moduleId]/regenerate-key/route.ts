import { regenerateKeyHandlers } from "@/lib/api/identity-key-handlers";

export const { POST } = regenerateKeyHandlers();
