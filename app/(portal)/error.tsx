"use client";

export default function PortalError({ error, reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6 text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
      <h2 className="font-semibold">Something went wrong</h2>
      <p className="mt-1 text-sm">{error.message}</p>
      <button className="mt-3 text-sm underline" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
