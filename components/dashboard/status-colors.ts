/**
 * Colours of chart segments by status, with the legend's swatch beside each. Written out in full so
 * that Tailwind's scanner sees every class.
 */
type Colour = { fill: string; bg: string };
const grey: Colour = { fill: "fill-slate-300", bg: "bg-slate-300" };

const RUNTIME: Record<string, Colour> = {
  running: { fill: "fill-emerald-500", bg: "bg-emerald-500" },
  backoff: { fill: "fill-amber-500", bg: "bg-amber-500" },
  unhealthy: { fill: "fill-orange-500", bg: "bg-orange-500" },
  failed: { fill: "fill-red-600", bg: "bg-red-600" },
  dead: { fill: "fill-red-900", bg: "bg-red-900" },
  stopped: { fill: "fill-slate-500", bg: "bg-slate-500" },
};

const CODES: Record<string, Colour> = {
  "200": { fill: "fill-emerald-500", bg: "bg-emerald-500" },
  "406": { fill: "fill-slate-500", bg: "bg-slate-500" },
  "417": { fill: "fill-amber-500", bg: "bg-amber-500" },
  "400": { fill: "fill-red-500", bg: "bg-red-500" },
  "412": { fill: "fill-red-700", bg: "bg-red-700" },
  "500": { fill: "fill-red-600", bg: "bg-red-600" },
};

export const runtimeStatusColour = (status: string): Colour => RUNTIME[status] ?? grey;
export const codeColour = (code: number | null): Colour => (code === null ? grey : (CODES[String(code)] ?? grey));
export const CONNECTED: Colour = { fill: "fill-emerald-500", bg: "bg-emerald-500" };
export const DISCONNECTED: Colour = { fill: "fill-slate-400", bg: "bg-slate-400" };
