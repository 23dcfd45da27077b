"use client";

import { useEffect, useState } from "react";

/** The current time, re-rendered every `everyMs`, so "3 min ago" keeps counting while the page is open. */
export function useNow(everyMs = 15_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
