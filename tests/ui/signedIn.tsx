import * as React from "react";
import { ConvexProviderWithAuth } from "convex/react";
import type { FakeConvex } from "./fakeConvex";

type Auth = { isLoading: boolean; isAuthenticated: boolean };

/**
 * The dashboard's Convex provider with an auth state, over a FakeConvex: `backendAccepts` is what the backend
 * answers to the token (the real client reports it through setAuth's callback).
 */
export function SignedInProvider({
  fake,
  auth = { isLoading: false, isAuthenticated: true },
  backendAccepts = true,
  children,
}: {
  fake: FakeConvex;
  auth?: Auth;
  backendAccepts?: boolean;
  children: React.ReactNode;
}) {
  const client = React.useMemo(
    () =>
      Object.assign(fake.asClient(), {
        setAuth: (_fetch: unknown, onChange: (authenticated: boolean) => void) => onChange(backendAccepts),
        clearAuth: () => {},
      }),
    [fake, backendAccepts],
  );
  const fetchAccessToken = React.useCallback(async () => "token", []);
  const useAuth = React.useCallback(() => ({ ...auth, fetchAccessToken }), [auth, fetchAccessToken]);
  return (
    <ConvexProviderWithAuth client={client} useAuth={useAuth}>
      {children}
    </ConvexProviderWithAuth>
  );
}
