import { AppShell } from "@/components/shell/app-shell";
import { requireCurrentUser } from "@/lib/auth/current-principal";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const user = await requireCurrentUser();
  // The stale threshold is server config; the client gets it from here, as settings get HUB_HOSTNAME.
  return (
    <AppShell user={user} statusStaleSeconds={env.STATUS_STALE_SECONDS}>
      {children}
    </AppShell>
  );
}
