/** The console's sections, in the order of the main navigation and of the command palette. */
export const NAV_ITEMS = [
  { href: "/", label: "Home" },
  { href: "/devices", label: "Devices" },
  { href: "/at-risk", label: "At risk" },
  { href: "/deployments", label: "Deployments" },
  { href: "/operations", label: "Operations", keywords: "pending queued offline receipts methods desired" },
  { href: "/registries", label: "Registries" },
  { href: "/audit", label: "Audit" },
  { href: "/settings", label: "Settings" },
] as const;

/** Home is current only on "/"; a section is current on its own pages too (/devices/x is Devices). */
export const isCurrentSection = (href: string, pathname: string) =>
  href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
