import { redirect } from "next/navigation";
import { CredentialsForm } from "@/components/auth/credentials-form";
import { countUsers } from "@/lib/data/operator-users";

export const dynamic = "force-dynamic";

/** Shown once, while no operator exists (as Portainer does): the first account is an admin. */
export default async function SetupPage() {
  if ((await countUsers()) > 0) redirect("/login");
  return (
    <>
      <h1 className="mb-2 text-2xl font-semibold tracking-tight">Welcome to EdgeDeck</h1>
      <p className="mb-6 text-sm text-slate-600 dark:text-slate-400">Create the first administrator account.</p>
      <CredentialsForm mode="setup" />
    </>
  );
}
