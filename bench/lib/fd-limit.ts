import fs from "node:fs";

/** Soft and hard `Max open files` of this process (Linux); null when /proc is not there. */
export function openFileLimits(): { soft: number; hard: number } | null {
  try {
    const line = /^Max open files\s+(\S+)\s+(\S+)/m.exec(fs.readFileSync("/proc/self/limits", "utf8"));
    if (!line) return null;
    const n = (s: string) => (s === "unlimited" ? Infinity : Number(s));
    return { soft: n(line[1]!), hard: n(line[2]!) };
  } catch {
    return null;
  }
}

/**
 * Every connection is a file descriptor in the server and another in the bench (the simulator
 * and the console sockets run here). Node raises its soft limit to the hard limit at start-up,
 * and the server inherits it; a hard limit below `needed` can only be raised from outside
 * (`ulimit -Hn` as root, systemd `LimitNOFILE`, docker `--ulimit nofile=`), so the bench says so
 * before it starts rather than failing with EMFILE halfway through.
 */
export function checkOpenFileLimit(needed: number, log: (line: string) => void): void {
  const limits = openFileLimits();
  if (!limits) return log(`warning: cannot read /proc/self/limits; the run needs about ${needed} file descriptors per process`);
  if (limits.soft >= needed) return;
  log(
    `warning: open file limit ${limits.soft} (hard ${limits.hard}) is below the ~${needed} descriptors this run needs in the server and in the bench; ` +
      "raise the hard limit before running (e.g. `ulimit -n 65536` as root) or expect EMFILE / refused connections",
  );
}
