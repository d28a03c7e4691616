/* eslint-disable @convex-dev/no-process-env -- auth config is evaluated at push time */
import type { AuthConfig } from "convex/server";

// Without CLERK_JWT_ISSUER_DOMAIN no provider is configured; the deployment then
// only serves the local operator, and only when it runs on loopback (see env.ts).
const issuer = process.env.CLERK_JWT_ISSUER_DOMAIN;

export default {
  providers: issuer ? [{ domain: issuer, applicationID: "convex" }] : [],
} satisfies AuthConfig;
