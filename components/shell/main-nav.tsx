"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { isCurrentSection, NAV_ITEMS } from "./nav-items";

export function MainNav() {
  const pathname = usePathname() ?? "/";
  return (
    <nav aria-label="Main" className="flex min-w-0 flex-1 gap-1 overflow-x-auto text-sm">
      {NAV_ITEMS.map((item) => {
        const current = isCurrentSection(item.href, pathname);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={current ? "page" : undefined}
            className={`whitespace-nowrap rounded px-2 py-1 focus-visible:outline-2 focus-visible:outline-sky-500 ${
              current
                ? "bg-slate-100 font-semibold text-slate-900 dark:bg-slate-800 dark:text-white"
                : "text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white"
            }`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
