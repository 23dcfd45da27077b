import { getTwin } from "@/lib/data/get-twin";
import { updateTwin } from "@/lib/data/update-twin";
import { twinWriteSchema } from "@/lib/schemas/twin";
import { can } from "./permissions";
import { apiRoute } from "./route";

type P = { deviceId: string; moduleId?: string };

/** GET/PATCH/PUT for device twins and module twins alike (reference §4.2). */
export function twinHandlers() {
  const target = (p: P) => ({ deviceId: p.deviceId, ...(p.moduleId === undefined ? {} : { moduleId: p.moduleId }) });
  const write = (mode: "patch" | "replace") =>
    apiRoute<P, typeof twinWriteSchema>({
      permission: can.writeTwins,
      body: twinWriteSchema,
      handle: ({ params, body, request, context }) =>
        updateTwin(target(params), body, mode, request.headers.get("if-match"), context),
    });
  return {
    GET: apiRoute<P>({ permission: can.readTwins, handle: ({ params }) => getTwin(target(params)) }),
    PATCH: write("patch"),
    PUT: write("replace"),
  };
}
