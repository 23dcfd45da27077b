import type { Metadata } from "next";
import { Providers } from "@/components/providers";
import { THEME_BOOT_SCRIPT } from "@/components/shell/theme-boot";
import "./globals.css";

export const metadata: Metadata = {
  title: "EdgeDeck",
  description: "Self-hosted IoT Edge hub and operator console",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  // The boot script sets the `dark` class before hydration, hence suppressHydrationWarning on <html>.
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
      </head>
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
