import Link from "next/link";
import { DeploymentDetail } from "@/components/deployments/deployment-detail";

export default async function DeploymentPage({ params }: { params: Promise<{ id: string }> }) {
  const id = decodeURIComponent((await params).id);
  return (
    <section className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/deployments" className="underline-offset-2 hover:underline">
          Deployments
        </Link>{" "}
        / {id}
      </nav>
      <h1 className="text-2xl font-semibold tracking-tight break-all">{id}</h1>
      <DeploymentDetail id={id} />
    </section>
  );
}
