"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/components/ui/api-client";

export type DevicePlatform = { os: string; architecture: string };

/** Docker's names for what edgeAgent reports from `uname -m` (runtime.platform.architecture). */
const ARCH_ALIASES: Record<string, string> = { x86_64: "amd64", aarch64: "arm64", armv7l: "arm", armhf: "arm", i386: "386", i686: "386" };
export const normalizeArchitecture = (arch: string) => ARCH_ALIASES[arch.toLowerCase()] ?? arch.toLowerCase();

const SAMPLE = 10;

/**
 * The platforms (`$edgeAgent` reported runtime.platform) of up to 10 sample devices matching the
 * target condition, so the image picker can say whether an image has a matching manifest. Empty
 * when nothing matches or no device has reported yet.
 */
export function useTargetPlatforms(targetCondition: string) {
  return useQuery({
    queryKey: ["deployments", "composer", "platforms", targetCondition],
    staleTime: 60_000,
    retry: false,
    queryFn: async (): Promise<DevicePlatform[]> => {
      const match = await api<{ count: number; sample: string[] }>("/configurations/testTargetCondition", { method: "POST", body: { targetCondition } });
      const twins = await Promise.all(
        match.sample.slice(0, SAMPLE).map((id) =>
          api<{ properties: { reported: { runtime?: { platform?: { os?: string; architecture?: string } } } } }>(`/twins/${encodeURIComponent(id)}/modules/%24edgeAgent`).catch(() => null),
        ),
      );
      const seen = new Map<string, DevicePlatform>();
      for (const twin of twins) {
        const p = twin?.properties.reported.runtime?.platform;
        if (p?.os && p.architecture) seen.set(`${p.os}/${normalizeArchitecture(p.architecture)}`, { os: p.os.toLowerCase(), architecture: normalizeArchitecture(p.architecture) });
      }
      return [...seen.values()];
    },
  });
}
