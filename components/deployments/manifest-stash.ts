import type { ModulesContent } from "./deployment-types";

/**
 * Hands an imported manifest from the list page to the composer across a client navigation. Kept in
 * sessionStorage (not the URL: manifests run to tens of KB) the next import replaces it (not removed on read:
 * a remount, or React's double render in development, reads it again).
 */
const KEY = "edgedeck.importedManifest";

export function stashImportedManifest(mc: ModulesContent) {
  sessionStorage.setItem(KEY, JSON.stringify(mc));
}

export function readImportedManifest(): ModulesContent | null {
  const text = sessionStorage.getItem(KEY);
  if (text === null) return null;
  try {
    return JSON.parse(text) as ModulesContent;
  } catch {
    return null;
  }
}
