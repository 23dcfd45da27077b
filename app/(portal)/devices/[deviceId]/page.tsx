import { DeviceTwinEditor } from "@/components/devices/device-twin-editor";

export default async function DevicePage({ params }: { params: Promise<{ deviceId: string }> }) {
  const { deviceId } = await params;
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold tracking-tight">{deviceId}</h1>
      <DeviceTwinEditor deviceId={deviceId} />
    </section>
  );
}
