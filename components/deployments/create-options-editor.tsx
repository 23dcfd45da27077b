"use client";

import { CREATE_OPTIONS_CHUNK_SIZE, CREATE_OPTIONS_PORTAL_LIMIT, chunkCreateOptions } from "./deployment-domain";
import { inputClass } from "./deployment-format";

/** The portal's limit: 8 chunks of 512 characters (reference §6.2). */
const CREATE_OPTIONS_SIZE_LIMIT = CREATE_OPTIONS_PORTAL_LIMIT;

type Options = { HostConfig?: { PortBindings?: Record<string, { HostPort?: string }[]>; Binds?: string[]; Devices?: { PathOnHost: string; PathInContainer: string; CgroupPermissions?: string }[]; Privileged?: boolean } } & Record<string, unknown>;

function parse(text: string): Options | null {
  if (!text.trim()) return {};
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Options) : null;
  } catch {
    return null;
  }
}
const lines = (items: string[]) => items.join("\n");
const splitLines = (text: string) => text.split("\n").map((l) => l.trim()).filter(Boolean);

/**
 * Docker create options: a form for the common settings (ports, binds, devices, privileged) beside
 * the raw JSON, both editing the same text. The counter shows the minified size and the 512-char
 * chunks it will be stored in, against the 4096 limit.
 */
export function CreateOptionsEditor({ value, onChange, moduleName }: { value: string; onChange: (text: string) => void; moduleName: string }) {
  const options = parse(value);
  const minified = options === null ? value : Object.keys(options).length ? JSON.stringify(options) : "";
  const chunks = minified ? Object.keys(chunkCreateOptions(minified)).length : 0;
  const isOver = minified.length > CREATE_OPTIONS_SIZE_LIMIT;
  const host = options?.HostConfig ?? {};

  function setHost(patch: Partial<NonNullable<Options["HostConfig"]>>) {
    const nextHost = { ...host, ...patch };
    for (const [k, v] of Object.entries(nextHost)) if (v === undefined || (Array.isArray(v) && v.length === 0) || v === false) delete (nextHost as Record<string, unknown>)[k];
    const next: Options = { ...(options ?? {}), HostConfig: nextHost };
    if (Object.keys(nextHost).length === 0) delete next.HostConfig;
    onChange(Object.keys(next).length ? JSON.stringify(next, null, 2) : "");
  }

  const ports = Object.entries(host.PortBindings ?? {}).map(([container, bindings]) => `${bindings?.[0]?.HostPort ?? ""}:${container}`);
  const devices = (host.Devices ?? []).map((d) => `${d.PathOnHost}:${d.PathInContainer}`);
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium">Container create options</legend>
      <div className="grid gap-3 lg:grid-cols-2">
        <div className="space-y-2" aria-disabled={options === null}>
          <label className="block text-sm">
            <span className="mb-1 block">Port bindings (host:container/proto, one per line)</span>
            <textarea
              rows={2}
              disabled={options === null}
              defaultValue={lines(ports)}
              key={`ports-${lines(ports)}`}
              onBlur={(e) =>
                setHost({
                  PortBindings: Object.fromEntries(
                    splitLines(e.target.value).map((l) => {
                      const [hostPort, container = hostPort] = l.split(":");
                      return [container!.includes("/") ? container! : `${container}/tcp`, [{ HostPort: hostPort! }]];
                    }),
                  ),
                })
              }
              className={`${inputClass} font-mono text-xs`}
              placeholder="8080:80/tcp"
            />
          </label>
          <label className="block text-sm">
            <span className="mb-1 block">Binds (host:container[:ro], one per line)</span>
            <textarea rows={2} disabled={options === null} defaultValue={lines(host.Binds ?? [])} key={`binds-${lines(host.Binds ?? [])}`} onBlur={(e) => setHost({ Binds: splitLines(e.target.value) })} className={`${inputClass} font-mono text-xs`} placeholder="/var/data:/data" />
          </label>
          <label className="block text-sm">
            <span className="mb-1 block">Devices (host path:container path, one per line)</span>
            <textarea
              rows={2}
              disabled={options === null}
              defaultValue={lines(devices)}
              key={`devices-${lines(devices)}`}
              onBlur={(e) =>
                setHost({
                  Devices: splitLines(e.target.value).map((l) => {
                    const [onHost, inContainer = onHost] = l.split(":");
                    return { PathOnHost: onHost!, PathInContainer: inContainer!, CgroupPermissions: "rwm" };
                  }),
                })
              }
              className={`${inputClass} font-mono text-xs`}
              placeholder="/dev/ttyUSB0:/dev/ttyUSB0"
            />
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" disabled={options === null} checked={host.Privileged === true} onChange={(e) => setHost({ Privileged: e.target.checked })} /> Privileged
          </label>
        </div>
        <label className="block text-sm">
          <span className="mb-1 block">Raw JSON (Docker ContainerCreate)</span>
          <textarea
            rows={10}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            aria-label={`Create options JSON of ${moduleName}`}
            aria-invalid={options === null}
            className={`${inputClass} font-mono text-xs`}
            spellCheck={false}
          />
        </label>
      </div>
      <div className="flex flex-wrap justify-between gap-2 text-xs">
        <p role={options === null ? "alert" : undefined} className={options === null ? "text-red-600 dark:text-red-400" : "text-slate-500"}>
          {options === null ? "Not valid JSON: fix the raw text to use the form" : "Stored minified, split into createOptions, createOptions01… chunks"}
        </p>
        <p data-testid="create-options-size" className={isOver ? "font-semibold text-red-600" : "text-slate-500"}>
          {minified.length.toLocaleString("en-US")} / {CREATE_OPTIONS_SIZE_LIMIT.toLocaleString("en-US")} characters · {chunks} chunk{chunks === 1 ? "" : "s"} of {CREATE_OPTIONS_CHUNK_SIZE}
        </p>
      </div>
    </fieldset>
  );
}
