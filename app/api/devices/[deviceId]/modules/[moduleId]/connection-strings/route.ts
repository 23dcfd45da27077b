import { connectionStringHandlers } from "@/lib/api/identity-key-handlers";

export const { GET } = connectionStringHandlers();
