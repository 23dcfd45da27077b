/**
 * What the command palette offers: actions matched by words, and ids from GET /api/search. Pure, so
 * the matching and ordering read in one place.
 */
export type PaletteItem = { id: string; label: string; hint: string; kind: "action" | "device" | "module"; run: PaletteRun };
export type PaletteRun = { kind: "navigate"; href: string } | { kind: "theme" } | { kind: "sign-out" };

export type SearchResult = { devices: { deviceId: string; edge: boolean; connectionState: string }[]; modules: { deviceId: string; moduleId: string }[] };

const enc = encodeURIComponent;

/** An action matches when every word of the query starts a word of its label or keywords. */
export function matchesAction(label: string, keywords: string, query: string): boolean {
  const words = `${label} ${keywords}`.toLowerCase().split(/[^a-z0-9$]+/).filter(Boolean);
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((q) => words.some((w) => w.startsWith(q)));
}

export function searchItems(result: SearchResult | undefined): PaletteItem[] {
  if (!result) return [];
  return [
    ...result.devices.map((d): PaletteItem => ({
      id: `device:${d.deviceId}`,
      label: d.deviceId,
      hint: `${d.edge ? "Edge device" : "Device"} · ${d.connectionState}`,
      kind: "device",
      run: { kind: "navigate", href: `/devices/${enc(d.deviceId)}` },
    })),
    ...result.modules.map((m): PaletteItem => ({
      id: `module:${m.deviceId}/${m.moduleId}`,
      label: `${m.deviceId}/${m.moduleId}`,
      hint: "Module",
      kind: "module",
      run: { kind: "navigate", href: `/devices/${enc(m.deviceId)}/modules/${enc(m.moduleId)}` },
    })),
  ];
}
