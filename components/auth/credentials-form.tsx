"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, ApiError } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

/** Sign-in and first-run setup share one form: username, password, submit. */
export function CredentialsForm({ mode }: { mode: "login" | "setup" }) {
  const router = useRouter();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<{ message: string; path?: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api(`/auth/${mode}`, { method: "POST", body: { username, password } });
      router.replace("/");
      router.refresh();
    } catch (e) {
      setError(e instanceof ApiError ? { message: e.message, path: e.path } : { message: "Could not reach the server" });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <Field label="Username" name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete={mode === "setup" ? "new-password" : "current-password"}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        required
        minLength={mode === "setup" ? 12 : undefined}
      />
      {mode === "setup" ? <p className="text-xs text-slate-500">At least 12 characters; a long passphrase is best.</p> : null}
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
          {error.message}
        </p>
      ) : null}
      <Button type="submit" disabled={busy} className="w-full">
        {mode === "setup" ? "Create admin account" : "Sign in"}
      </Button>
    </form>
  );
}
