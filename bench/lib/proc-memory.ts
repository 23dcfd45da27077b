import fs from "node:fs";

/** Resident set size of a process in MiB, from /proc/<pid>/status (VmRSS); null when unreadable. */
export function rssMiB(pid: number): number | null {
  try {
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb === undefined ? null : Math.round((Number(kb) / 1024) * 10) / 10;
  } catch {
    return null;
  }
}

/**
 * Established TCP connections whose local port is `port` (the server's side of every MQTT
 * connection), from /proc/net/tcp and tcp6: what the server holds, counted independently of the
 * simulator.
 */
export function establishedOnPort(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  let count = 0;
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = fs.readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      // sl local_address rem_address st …; state 01 = ESTABLISHED.
      if (fields.length > 3 && fields[3] === "01" && fields[1]!.endsWith(`:${hex}`)) count++;
    }
  }
  return count;
}
