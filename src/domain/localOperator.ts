// The local operator: the person running the dashboard on their own machine
// without Clerk. They sign in with a short-lived token the dashboard's server
// mints with a key pair `npm run dev` keeps for this machine; a deployment trusts
// that key only when its public half is set in LOCAL_OPERATOR_JWKS.

/** Claims of every local-operator token, checked by Convex (auth.config.ts) and the offline backend. */
export const LOCAL_OPERATOR = {
  issuer: "https://local-operator.my21staff.invalid",
  audience: "my21staff-dashboard",
  subject: "local-operator",
  name: "Local operator",
  algorithm: "ES256",
} as const;

/** Short, so a token that leaks out of the browser is soon worthless; the Convex client refreshes it. */
export const LOCAL_OPERATOR_TOKEN_TTL_SECONDS = 5 * 60;

/** The path the dashboard fetches its token from. */
export const LOCAL_OPERATOR_TOKEN_PATH = "/api/local-operator/token";

/** True for the identity of a local-operator token (Convex only passes identities from trusted providers). */
export function isLocalOperatorIdentity(identity: { issuer: string; subject: string }): boolean {
  return identity.issuer === LOCAL_OPERATOR.issuer && identity.subject === LOCAL_OPERATOR.subject;
}

/** A JWKS (JSON text) as the `data:` URI a Convex customJwt provider reads its keys from. */
export function jwksDataUri(jwks: string): string {
  return `data:text/plain;charset=utf-8;base64,${btoa(jwks)}`;
}

/**
 * True only for hosts that name this machine's loopback interface: `localhost`,
 * an IPv4 literal in 127.0.0.0/8, or `::1`. Decided on the parsed hostname, so
 * `127.0.0.1.attacker.example` and `0.0.0.0` are not loopback.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (host === "localhost" || host === "::1" || host === "0:0:0:0:0:0:0:1") {
    return true;
  }
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return octets !== null && octets[1] === "127" && octets.slice(2).every((o) => Number(o) <= 255);
}

/** The hostname of an HTTP Host header (`name`, `name:port`, `[v6]:port`), or null when it is not one. */
export function hostnameOf(hostHeader: string | null): string | null {
  if (!hostHeader) {
    return null;
  }
  try {
    const url = new URL(`http://${hostHeader}`);
    return url.host === hostHeader.toLowerCase() ? url.hostname : null;
  } catch {
    return null;
  }
}

export type TokenRequest = {
  /** The request's Host header. */
  host: string | null;
  origin: string | null;
  secFetchSite: string | null;
  /** Whether Clerk sign-in is configured (then there is no local operator). */
  clerkConfigured: boolean;
  /** Whether this server holds the local operator's private key. */
  keyConfigured: boolean;
};

/**
 * Why the dashboard's server must not mint a local-operator token for this
 * request, or null when it may: only when Clerk is off, the key is there, the
 * dashboard is opened on a loopback host (not from the network, not through a
 * rebound DNS name) and the request comes from the dashboard's own pages.
 */
export function tokenRequestRefusal(request: TokenRequest): string | null {
  if (request.clerkConfigured) {
    return "Sign-in is configured: there is no local operator.";
  }
  if (!request.keyConfigured) {
    return "No local operator key on this server: start the dashboard with `npm run dev`.";
  }
  const hostname = hostnameOf(request.host);
  if (!hostname || !isLoopbackHost(hostname)) {
    return "The local operator signs in only on localhost.";
  }
  if (request.origin !== `http://${request.host}`) {
    return "Only the dashboard's own pages may ask for a token.";
  }
  if (request.secFetchSite !== null && request.secFetchSite !== "same-origin") {
    return "Only the dashboard's own pages may ask for a token.";
  }
  return null;
}
