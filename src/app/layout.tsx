import type { Metadata } from "next";
import "@fontsource-variable/inter";
import "./globals.css";
import { ConvexClientProvider } from "@/components/shell/ConvexClientProvider";

export const metadata: Metadata = {
  title: "my21staff · Kapso",
  description: "WhatsApp leads, Kapso workflow settings and daily summaries",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="font-sans text-foreground">
        <ConvexClientProvider>{children}</ConvexClientProvider>
      </body>
    </html>
  );
}
