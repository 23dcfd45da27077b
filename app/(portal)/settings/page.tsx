import { PasswordChangeForm } from "@/components/settings/password-change-form";
import { PoliciesPanel } from "@/components/settings/policies-panel";
import { UsersPanel } from "@/components/settings/users-panel";
import { requireCurrentUser } from "@/lib/auth/current-principal";
import { env } from "@/lib/env";

export default async function SettingsPage() {
  const user = await requireCurrentUser();
  return (
    <div className="space-y-10">
      <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
      <section aria-labelledby="password-heading">
        <h2 id="password-heading" className="mb-3 text-lg font-semibold">Your password</h2>
        <PasswordChangeForm />
      </section>
      {user.actions.includes("users.manage") ? (
        <section aria-labelledby="users-heading">
          <h2 id="users-heading" className="mb-3 text-lg font-semibold">Users</h2>
          <UsersPanel />
        </section>
      ) : null}
      {user.actions.includes("policies.manage") ? (
        <section aria-labelledby="policies-heading">
          <h2 id="policies-heading" className="mb-3 text-lg font-semibold">Shared access policies</h2>
          <PoliciesPanel hubHostName={env.HUB_HOSTNAME} />
        </section>
      ) : null}
    </div>
  );
}
