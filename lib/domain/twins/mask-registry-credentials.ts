/**
 * edgeAgent echoes the deployment's registry credentials, passwords in clear text, into its
 * reported properties (reference §8.1, §13: "any API or UI that returns `$edgeAgent` reported
 * properties must mask these"). The hub keeps what the device sent and masks it on the way out.
 */
export const MASKED_SECRET = "******";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export function maskReportedRegistryPasswords(moduleId: string | undefined, reported: Json): Json {
  if (moduleId !== "$edgeAgent") return reported;
  const runtime = reported.runtime;
  const settings = isObject(runtime) ? runtime.settings : undefined;
  const credentials = isObject(settings) ? settings.registryCredentials : undefined;
  if (!isObject(credentials) || !isObject(runtime) || !isObject(settings)) return reported;
  const masked = Object.fromEntries(
    Object.entries(credentials).map(([name, entry]) => [name, isObject(entry) && "password" in entry ? { ...entry, password: MASKED_SECRET } : entry]),
  );
  return { ...reported, runtime: { ...runtime, settings: { ...settings, registryCredentials: masked } } };
}
