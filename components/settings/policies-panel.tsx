"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { SecretValue } from "@/components/ui/secret-value";

type Policy = { keyName: string; rights: string[]; createdAt: string; primaryKey: string | null; secondaryKey: string | null };
const RIGHTS = ["registryRead", "registryWrite", "serviceConnect", "deviceConnect"] as const;

/** Hub-level shared access policies for automation (reference §3.3): create, rotate keys, delete. */
export function PoliciesPanel({ hubHostName }: { hubHostName: string }) {
  const toast = useToast();
  const client = useQueryClient();
  const policies = useQuery({ queryKey: ["policies"], queryFn: () => api<Policy[]>("/policies") });
  const [keyName, setKeyName] = useState("");
  const [rights, setRights] = useState<string[]>(["serviceConnect"]);
  const refresh = (message: string) => {
    toast("success", message);
    void client.invalidateQueries({ queryKey: ["policies"] });
  };
  const onError = (e: Error) => toast("error", e.message);
  const create = useMutation({
    mutationFn: () => api<Policy>("/policies", { method: "POST", body: { keyName, rights } }),
    onSuccess: (p) => {
      refresh(`Created policy ${p.keyName}`);
      setKeyName("");
    },
    onError,
  });
  const rotate = useMutation({
    mutationFn: (v: { keyName: string; key: "primary" | "secondary" }) =>
      api<Policy>(`/policies/${encodeURIComponent(v.keyName)}/rotate-key`, { method: "POST", body: { key: v.key } }),
    onSuccess: (p, v) => refresh(`Rotated the ${v.key} key of ${p.keyName}`),
    onError,
  });
  const remove = useMutation({
    mutationFn: (name: string) => api(`/policies/${encodeURIComponent(name)}`, { method: "DELETE" }),
    onSuccess: (_r, name) => refresh(`Deleted policy ${name}`),
    onError,
  });

  return (
    <div className="space-y-4">
      {policies.isPending ? <div className="h-20 animate-pulse rounded bg-slate-200 dark:bg-slate-800" /> : null}
      {policies.isError ? <p role="alert" className="text-red-600">{policies.error.message}</p> : null}
      <ul className="space-y-3">
        {policies.data?.map((p) => (
          <li key={p.keyName} className="rounded-lg border border-slate-200 p-3 dark:border-slate-800" data-testid={`policy-${p.keyName}`}>
            <div className="flex items-center justify-between">
              <div>
                <span className="font-medium">{p.keyName}</span>
                <span className="ml-2 text-xs text-slate-500">{p.rights.join(", ")}</span>
              </div>
              <div className="flex gap-2">
                <Button variant="secondary" onClick={() => rotate.mutate({ keyName: p.keyName, key: "primary" })}>Rotate primary</Button>
                <Button variant="secondary" onClick={() => rotate.mutate({ keyName: p.keyName, key: "secondary" })}>Rotate secondary</Button>
                <Button variant="danger" onClick={() => confirm(`Delete policy ${p.keyName}? Its tokens stop working.`) && remove.mutate(p.keyName)}>
                  Delete
                </Button>
              </div>
            </div>
            {p.primaryKey ? (
              <SecretValue
                label="Primary connection string"
                value={`HostName=${hubHostName};SharedAccessKeyName=${p.keyName};SharedAccessKey=${p.primaryKey}`}
              />
            ) : null}
          </li>
        ))}
      </ul>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Field label="Policy name" value={keyName} onChange={(e) => setKeyName(e.target.value)} />
        <fieldset className="flex gap-3 text-sm">
          <legend className="mb-1 font-medium">Rights</legend>
          {RIGHTS.map((r) => (
            <label key={r} className="flex items-center gap-1">
              <input type="checkbox" checked={rights.includes(r)} onChange={(e) => setRights(e.target.checked ? [...rights, r] : rights.filter((x) => x !== r))} />
              {r}
            </label>
          ))}
        </fieldset>
        <Button type="submit" disabled={create.isPending}>
          Create policy
        </Button>
      </form>
    </div>
  );
}
