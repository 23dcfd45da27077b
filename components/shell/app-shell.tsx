import Link from "next/link";
import type { CurrentUser } from "@/lib/auth/current-principal";
import { LiveBanner, LiveIndicator } from "@/components/live/live-banner";
import { LiveProvider } from "@/components/live/live-provider";
import { StatusFreshnessProvider } from "@/components/status/status-freshness-provider";
import { CommandPalette, CommandPaletteButton } from "./command-palette";
import { CurrentUserProvider } from "./current-user";
import { MainNav } from "./main-nav";
import { SignOutButton } from "./sign-out-button";
import { ThemeToggle } from "./theme-toggle";

export function AppShell({ user, statusStaleSeconds, children }: { user: CurrentUser; statusStaleSeconds: number; children: React.ReactNode }) {
  return (
    <CurrentUserProvider user={user}>
      <StatusFreshnessProvider staleAfterSeconds={statusStaleSeconds}>
      <LiveProvider>
        <div className="flex min-h-screen flex-col">
          <a
            href="#main"
            className="sr-only rounded bg-sky-600 px-3 py-2 text-white focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50"
          >
            Skip to content
          </a>
          <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
            <div className="mx-auto flex max-w-7xl items-center gap-3 px-4 py-3 lg:gap-5">
              <Link href="/" className="rounded text-lg font-semibold tracking-tight focus-visible:outline-2 focus-visible:outline-sky-500">
                EdgeDeck
              </Link>
              <MainNav />
              <CommandPaletteButton />
              <ThemeToggle />
              <LiveIndicator />
              <span className="hidden text-sm whitespace-nowrap text-slate-500 xl:inline dark:text-slate-400" data-testid="current-user">
                {user.username} · {user.role}
              </span>
              <SignOutButton />
            </div>
          </header>
          <LiveBanner />
          <main id="main" tabIndex={-1} className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 focus:outline-none">
            {children}
          </main>
          <CommandPalette />
        </div>
      </LiveProvider>
      </StatusFreshnessProvider>
    </CurrentUserProvider>
  );
}
