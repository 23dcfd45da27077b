import { RegistriesConsole } from "@/components/registries/registries-console";
import { requireCurrentUser } from "@/lib/auth/current-principal";

export default async function RegistriesPage() {
  const user = await requireCurrentUser();
  return (
    <section>
      <h1 className="mb-1 text-2xl font-semibold tracking-tight">Registries</h1>
      <p className="mb-6 text-sm text-slate-600 dark:text-slate-400">
        Image sources for deployments: the built-in catalog and the OCI registries an admin added.
      </p>
      <RegistriesConsole canManage={user.actions.includes("registries.manage")} />
    </section>
  );
}
