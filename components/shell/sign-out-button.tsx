"use client";

import { useRouter } from "next/navigation";
import { useCallback } from "react";
import { api } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";

/** Ends the session and goes to the sign-in page; a failure is a toast, never silent. */
export function useSignOut() {
  const router = useRouter();
  const toast = useToast();
  return useCallback(async () => {
    try {
      await api("/auth/logout", { method: "POST" });
      router.replace("/login");
      router.refresh();
    } catch (error) {
      toast("error", (error as Error).message);
    }
  }, [router, toast]);
}

export function SignOutButton() {
  const signOut = useSignOut();
  return (
    <Button variant="secondary" onClick={() => void signOut()}>
      Sign out
    </Button>
  );
}
