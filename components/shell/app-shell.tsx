import Link from "next/link";
import type { CurrentUser } from "@/lib/auth/current-principal";
import { LiveBanner } from "@/components/live/live-banner";
import { LiveProvider } from "@/components/live/live-provider";
import { CurrentUserProvider } from "./current-user";
import { SignOutButton } from "./sign-out-button";

const NAV = [
  { href: "/", label: "Home" },
  { href: "/devices", label: "Devices" },
  { href: "/deployments", label: "Deployments" },
  { href: "/registries", label: "Registries" },
  { href: "/audit", label: "Audit" },
  { href: "/settings", label: "Settings" },
];

export function AppShell({ user, children }: { user: CurrentUser; children: React.ReactNode }) {
  return (
    <CurrentUserProvider user={user}>
      <LiveProvider>
      <div className="flex min-h-screen flex-col">
        <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <div className="mx-auto flex max-w-7xl items-center gap-6 px-4 py-3">
            <Link href="/" className="text-lg font-semibold tracking-tight">
              EdgeDeck
            </Link>
            <nav aria-label="Main" className="flex flex-1 gap-4 text-sm">
              {NAV.map((item) => (
                <Link key={item.href} href={item.href} className="rounded px-1 text-slate-600 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-slate-300 dark:hover:text-white">
                  {item.label}
                </Link>
              ))}
            </nav>
            <span className="text-sm text-slate-500" data-testid="current-user">
              {user.username} · {user.role}
            </span>
            <SignOutButton />
          </div>
        </header>
        <LiveBanner />
        <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">{children}</main>
      </div>
      </LiveProvider>
    </CurrentUserProvider>
  );
}
