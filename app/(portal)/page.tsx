import { FleetDashboard } from "@/components/dashboard/fleet-dashboard";

/** Home: live fleet health (components/dashboard). */
export default function HomePage() {
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold tracking-tight">Fleet health</h1>
      <FleetDashboard />
    </section>
  );
}
