"use client";
import * as React from "react";
import { ClerkProvider, useAuth } from "@clerk/nextjs";
import { ConvexProvider, ConvexReactClient } from "convex/react";
import { ConvexProviderWithClerk } from "convex/react-clerk";
import { clerkEnabled, convexUrl } from "@/lib/config";
import { convexLogger } from "@/lib/convexLogger";

const convex = new ConvexReactClient(convexUrl, { logger: convexLogger });

/** Clerk-authenticated Convex when Clerk is configured; plain Convex in local operator mode. */
export function ConvexClientProvider({ children }: { children: React.ReactNode }) {
  if (!clerkEnabled) return <ConvexProvider client={convex}>{children}</ConvexProvider>;
  return (
    <ClerkProvider>
      <ConvexProviderWithClerk client={convex} useAuth={useAuth}>
        {children}
      </ConvexProviderWithClerk>
    </ClerkProvider>
  );
}
