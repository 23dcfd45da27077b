import { DeploymentList } from "@/components/deployments/deployment-list";

export default function DeploymentsPage() {
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold tracking-tight">Deployments</h1>
      <DeploymentList />
    </section>
  );
}
