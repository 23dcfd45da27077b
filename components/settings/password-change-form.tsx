"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";

export function PasswordChangeForm() {
  const toast = useToast();
  const [currentPassword, setCurrent] = useState("");
  const [newPassword, setNew] = useState("");
  const change = useMutation({
    mutationFn: () => api("/auth/password", { method: "POST", body: { currentPassword, newPassword } }),
    onSuccess: () => {
      toast("success", "Password changed; your other sessions were signed out");
      setCurrent("");
      setNew("");
    },
    onError: (e: Error) => toast("error", e.message),
  });
  return (
    <form
      className="max-w-sm space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        change.mutate();
      }}
    >
      <Field label="Current password" type="password" autoComplete="current-password" value={currentPassword} onChange={(e) => setCurrent(e.target.value)} />
      <Field label="New password (12+ characters)" type="password" autoComplete="new-password" value={newPassword} onChange={(e) => setNew(e.target.value)} />
      <Button type="submit" disabled={change.isPending}>
        Change password
      </Button>
    </form>
  );
}
