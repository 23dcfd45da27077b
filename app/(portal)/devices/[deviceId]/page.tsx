import { EffectiveConfigurationPanel } from "@/components/deployments/effective-configuration-panel";
import { DeviceOverview } from "@/components/device-page/device-overview";
import { PendingOperationsPanel } from "@/components/device-page/pending-operations-panel";
import { DeviceTwinEditor } from "@/components/devices/device-twin-editor";

export default async function DevicePage({ params }: { params: Promise<{ deviceId: string }> }) {
  const { deviceId } = await params;
  return (
    <section className="grid gap-6">
      <h1 className="text-2xl font-semibold tracking-tight break-all">{deviceId}</h1>
      <DeviceOverview deviceId={deviceId} />
      <PendingOperationsPanel deviceId={deviceId} />
      <EffectiveConfigurationPanel deviceId={deviceId} />
      <div>
        <h2 className="sr-only">Device twin</h2>
        <DeviceTwinEditor deviceId={deviceId} />
      </div>
    </section>
  );
}
