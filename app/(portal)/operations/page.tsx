import { FleetPendingOperations } from "@/components/operations/fleet-pending-operations";

export default function OperationsPage() {
  return (
    <section className="grid gap-4">
      <h1 className="text-2xl font-semibold tracking-tight">Pending operations</h1>
      <p className="text-sm text-slate-500 dark:text-slate-400">
        Devices with operations they have not received yet: desired-property writes not delivered, direct method calls waiting for a connection, deployments
        their edgeAgent has not acted on. Open a device for the details and the receipts.
      </p>
      <FleetPendingOperations />
    </section>
  );
}
