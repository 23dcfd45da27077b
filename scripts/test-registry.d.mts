/** Types of scripts/test-registry.mjs for the TypeScript tests that start it. */
export type RegistryAuth = "none" | "htpasswd" | "token";
export type PushOptions = {
  repository: string;
  tag: string;
  /** `os/architecture[/variant]`: one image each and an index (oci) or manifest list (docker). */
  platforms?: string[] | null;
  format?: "docker" | "oci";
  labels?: Record<string, string>;
  exposedPorts?: string[];
  env?: string[];
};
export type TestRegistry = {
  url: string;
  host: string;
  auth: RegistryAuth;
  username: string;
  password: string;
  authorization(scope: string): string | null;
  pushImage(image: PushOptions): Promise<string>;
  stop(): Promise<void>;
};
export const REGISTRY_BIN: string;
export const MEDIA: Record<string, string>;
export function startTestRegistry(options?: { auth?: RegistryAuth; username?: string; password?: string; service?: string }): Promise<TestRegistry>;
export function pushImage(registry: TestRegistry, image: PushOptions): Promise<string>;
