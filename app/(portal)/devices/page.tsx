import { DeviceList } from "@/components/devices/device-list";

export default function DevicesPage() {
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold tracking-tight">Devices</h1>
      <DeviceList />
    </section>
  );
}
