"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";

type User = { id: string; username: string; role: string; disabled: boolean; createdAt: string };
const ROLES = ["viewer", "operator", "admin"] as const;

export function UsersPanel() {
  const toast = useToast();
  const client = useQueryClient();
  const users = useQuery({ queryKey: ["users"], queryFn: () => api<User[]>("/users") });
  const [form, setForm] = useState({ username: "", password: "", role: "viewer" });
  const done = (message: string) => {
    toast("success", message);
    void client.invalidateQueries({ queryKey: ["users"] });
  };
  const create = useMutation({
    mutationFn: () => api<User>("/users", { method: "POST", body: form }),
    onSuccess: (u) => {
      done(`Created ${u.username}`);
      setForm({ username: "", password: "", role: "viewer" });
    },
    onError: (e: Error) => toast("error", e.message),
  });
  const update = useMutation({
    mutationFn: (v: { id: string; body: Record<string, unknown> }) => api<User>(`/users/${v.id}`, { method: "PATCH", body: v.body }),
    onSuccess: (u) => done(`Updated ${u.username}`),
    onError: (e: Error) => toast("error", e.message),
  });

  return (
    <div className="space-y-4">
      {users.isPending ? <div className="h-20 animate-pulse rounded bg-slate-200 dark:bg-slate-800" /> : null}
      {users.isError ? <p role="alert" className="text-red-600">{users.error.message}</p> : null}
      <table className="w-full text-left text-sm">
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="py-2">User</th>
            <th>Role</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users.data?.map((u) => (
            <tr key={u.id} className="border-t border-slate-200 dark:border-slate-800">
              <td className="py-1.5">{u.username}</td>
              <td>
                <select
                  aria-label={`Role of ${u.username}`}
                  value={u.role}
                  onChange={(e) => update.mutate({ id: u.id, body: { role: e.target.value } })}
                  className="rounded border border-slate-300 px-1 py-0.5 dark:border-slate-700 dark:bg-slate-900"
                >
                  {ROLES.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </td>
              <td>{u.disabled ? "disabled" : "active"}</td>
              <td className="text-right">
                <Button variant="secondary" onClick={() => update.mutate({ id: u.id, body: { disabled: !u.disabled } })}>
                  {u.disabled ? "Enable" : "Disable"}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="grid max-w-2xl grid-cols-4 items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Field label="Username" value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} />
        <Field label="Password" type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} />
        <label className="text-sm">
          <span className="mb-1 block font-medium">Role</span>
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })} className="w-full rounded-md border border-slate-300 px-2 py-2 dark:border-slate-700 dark:bg-slate-900">
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <Button type="submit" disabled={create.isPending}>
          Add user
        </Button>
      </form>
    </div>
  );
}
