"use client";
import * as React from "react";
import { ClerkProvider, useAuth } from "@clerk/nextjs";
import { ConvexProviderWithAuth, ConvexReactClient } from "convex/react";
import { ConvexProviderWithClerk } from "convex/react-clerk";
import { LOCAL_OPERATOR_TOKEN_PATH } from "@/domain/localOperator";
import { clerkEnabled, convexUrl } from "@/lib/config";
import { convexLogger } from "@/lib/convexLogger";

const convex = new ConvexReactClient(convexUrl, { logger: convexLogger });

/** A fresh local-operator token from the dashboard's own server, or null when it refuses (the reason goes to the console). */
async function fetchLocalOperatorToken(): Promise<string | null> {
  const response = await fetch(LOCAL_OPERATOR_TOKEN_PATH, { method: "POST", cache: "no-store" });
  const body = (await response.json().catch(() => ({}))) as { token?: string; error?: string };
  if (!response.ok || !body.token) {
    console.warn(`The local operator could not sign in: ${body.error ?? `HTTP ${response.status}`}`);
    return null;
  }
  return body.token;
}

// Stable across renders: the Convex provider re-authenticates whenever this object changes.
const localOperatorAuth = { isLoading: false, isAuthenticated: true, fetchAccessToken: fetchLocalOperatorToken };
const useLocalOperatorAuth = () => localOperatorAuth;

/** Clerk-authenticated Convex when Clerk is configured; otherwise the local operator's token from this machine's dashboard. */
export function ConvexClientProvider({ children }: { children: React.ReactNode }) {
  if (!clerkEnabled) {
    return (
      <ConvexProviderWithAuth client={convex} useAuth={useLocalOperatorAuth}>
        {children}
      </ConvexProviderWithAuth>
    );
  }
  return (
    <ClerkProvider>
      <ConvexProviderWithClerk client={convex} useAuth={useAuth}>
        {children}
      </ConvexProviderWithClerk>
    </ClerkProvider>
  );
}
