import { invokeMethodHandlers } from "@/lib/api/method-handlers";

export const { POST } = invokeMethodHandlers();
