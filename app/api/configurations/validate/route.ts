import { can } from "@/lib/api/permissions";
import { apiRoute } from "@/lib/api/route";
import { checkDeploymentContent } from "@/lib/data/check-deployment-content";
import { readManifest } from "@/lib/domain/deployments";
import { AppError } from "@/lib/domain/errors";
import { validateBodySchema } from "@/lib/schemas/deployments";

/**
 * POST /configurations/validate: schema, route grammar, twin rules and lint of a configuration or a
 * bare manifest, with defaults and createOptions chunking applied. Writes nothing.
 */
export const POST = apiRoute<Record<string, string>, typeof validateBodySchema>({
  permission: can.readTwins,
  body: validateBodySchema,
  handle: async ({ body }) => {
    const manifest = readManifest(body);
    if (!manifest.ok) throw new AppError("ArgumentInvalid", manifest.problem.message, { path: manifest.problem.path, problems: [manifest.problem] });
    const check = checkDeploymentContent(manifest.modulesContent);
    return { problems: check.problems, modulesContent: check.modulesContent, layered: check.layered, defaulted: check.defaulted };
  },
});
