import Link from "next/link";
import { ModuleIdentityPanel } from "@/components/modules/module-identity-panel";
import { ModuleTabs } from "@/components/modules/module-tabs";

export default async function ModulePage({ params }: { params: Promise<{ deviceId: string; moduleId: string }> }) {
  const { deviceId, moduleId } = await params;
  // Next hands dynamic segments over still percent-encoded (`%24edgeAgent`).
  const device = decodeURIComponent(deviceId);
  const module = decodeURIComponent(moduleId);
  return (
    <section className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/devices" className="underline-offset-2 hover:underline">
          Devices
        </Link>{" "}
        /{" "}
        <Link href={`/devices/${encodeURIComponent(device)}`} className="underline-offset-2 hover:underline">
          {device}
        </Link>{" "}
        / modules
      </nav>
      <h1 className="text-2xl font-semibold tracking-tight">{module}</h1>
      <ModuleIdentityPanel deviceId={device} moduleId={module} />
      <ModuleTabs deviceId={device} moduleId={module} />
    </section>
  );
}
