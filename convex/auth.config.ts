/* eslint-disable @convex-dev/no-process-env -- auth config is evaluated at push time */
import type { AuthConfig } from "convex/server";
import { jwksDataUri, LOCAL_OPERATOR } from "../src/domain/localOperator";

// Clerk users, when CLERK_JWT_ISSUER_DOMAIN is set. The local operator, when
// LOCAL_OPERATOR_JWKS holds the public key of a machine's dashboard (`npm run dev`
// sets it on local backends only). With neither, every caller is anonymous and
// every public function refuses them.
const clerkIssuer = process.env.CLERK_JWT_ISSUER_DOMAIN;
const localOperatorJwks = process.env.LOCAL_OPERATOR_JWKS;

export default {
  providers: [
    ...(clerkIssuer ? [{ domain: clerkIssuer, applicationID: "convex" }] : []),
    ...(localOperatorJwks
      ? [
          {
            type: "customJwt" as const,
            issuer: LOCAL_OPERATOR.issuer,
            applicationID: LOCAL_OPERATOR.audience,
            algorithm: LOCAL_OPERATOR.algorithm,
            jwks: jwksDataUri(localOperatorJwks),
          },
        ]
      : []),
  ],
} satisfies AuthConfig;
