"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import type { RegistrySource } from "@/lib/schemas/registries";
import { addSource, registryKeys } from "./registries-api";

const EMPTY = { name: "", url: "", username: "", password: "" };

/** Admins add a source: name, URL and optional credentials; the field at fault is marked. */
export function RegistrySourceForm({ onAdded }: { onAdded: (source: RegistrySource) => void }) {
  const toast = useToast();
  const client = useQueryClient();
  const [form, setForm] = useState(EMPTY);
  const [fieldError, setFieldError] = useState<{ field: string; message: string } | null>(null);
  const add = useMutation({
    mutationFn: () =>
      addSource({
        name: form.name,
        url: form.url,
        ...(form.username ? { username: form.username } : {}),
        ...(form.password ? { password: form.password } : {}),
      }),
    onSuccess: (source) => {
      toast("success", `Added ${source.name}`);
      setForm(EMPTY);
      setFieldError(null);
      void client.invalidateQueries({ queryKey: registryKeys.sources });
      onAdded(source);
    },
    onError: (e: Error) => {
      const field = e instanceof ApiError ? String(e.details?.field ?? e.path ?? "") : "";
      setFieldError(field ? { field, message: e.message } : null);
      toast("error", e.message);
    },
  });
  const errorFor = (field: string) => (fieldError?.field === field ? fieldError.message : null);
  const set = (key: keyof typeof EMPTY) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [key]: e.target.value });
  return (
    <form
      aria-label="Add a registry source"
      className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate();
      }}
    >
      <h3 className="text-sm font-semibold">Add a source</h3>
      <Field label="Name" required value={form.name} onChange={set("name")} error={errorFor("name")} />
      <Field label="URL" required placeholder="https://registry.example.com" value={form.url} onChange={set("url")} error={errorFor("url")} />
      <Field label="Username (optional)" autoComplete="off" value={form.username} onChange={set("username")} error={errorFor("username")} />
      <Field label="Password or token (optional)" type="password" autoComplete="new-password" value={form.password} onChange={set("password")} error={errorFor("password")} />
      <p className="text-xs text-slate-500">The hub fetches this URL itself; the password is stored encrypted and never shown again.</p>
      <Button type="submit" disabled={add.isPending}>
        {add.isPending ? "Adding…" : "Add source"}
      </Button>
    </form>
  );
}
