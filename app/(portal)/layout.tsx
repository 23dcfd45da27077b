import { AppShell } from "@/components/shell/app-shell";
import { requireCurrentUser } from "@/lib/auth/current-principal";

export const dynamic = "force-dynamic";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const user = await requireCurrentUser();
  return <AppShell user={user}>{children}</AppShell>;
}
