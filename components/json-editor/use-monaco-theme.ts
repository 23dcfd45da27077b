"use client";

import { useSyncExternalStore } from "react";

const query = "(prefers-color-scheme: dark)";

/** Monaco's theme follows the page's (Tailwind `dark:` follows the system preference here). */
export function useMonacoTheme(): "vs" | "vs-dark" {
  const isDark = useSyncExternalStore(
    (onChange) => {
      const media = window.matchMedia(query);
      media.addEventListener("change", onChange);
      return () => media.removeEventListener("change", onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
  return isDark ? "vs-dark" : "vs";
}
