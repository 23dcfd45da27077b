"use client";

import { useRouter } from "next/navigation";
import { api } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";

export function SignOutButton() {
  const router = useRouter();
  const toast = useToast();
  return (
    <Button
      variant="secondary"
      onClick={async () => {
        try {
          await api("/auth/logout", { method: "POST" });
          router.replace("/login");
          router.refresh();
        } catch (error) {
          toast("error", (error as Error).message);
        }
      }}
    >
      Sign out
    </Button>
  );
}
