import { redirect } from "next/navigation";
import { CredentialsForm } from "@/components/auth/credentials-form";
import { countUsers } from "@/lib/data/operator-users";

export const dynamic = "force-dynamic";

export default async function LoginPage() {
  if ((await countUsers()) === 0) redirect("/setup");
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">Sign in to EdgeDeck</h1>
      <CredentialsForm mode="login" />
    </>
  );
}
