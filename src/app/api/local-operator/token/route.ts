import { tokenRequestRefusal } from "@/domain/localOperator";
import { clerkEnabled } from "@/lib/config";
import { mintLocalOperatorToken } from "@/lib/localOperatorToken";

const NO_STORE = { "cache-control": "no-store" };

/** The local operator's short-lived Convex token, for the dashboard's own pages on localhost only. */
export async function POST(request: Request): Promise<Response> {
  // Server-only: `npm run dev` passes it to the dashboard's server, never to the browser bundle.
  const privateJwk = process.env.LOCAL_OPERATOR_PRIVATE_JWK;
  const refusal = tokenRequestRefusal({
    host: request.headers.get("host"),
    origin: request.headers.get("origin"),
    secFetchSite: request.headers.get("sec-fetch-site"),
    clerkConfigured: clerkEnabled,
    keyConfigured: Boolean(privateJwk),
  });
  if (refusal) {
    console.warn(
      `local operator token refused (host ${request.headers.get("host")}, origin ${request.headers.get("origin")}): ${refusal}`,
    );
    return Response.json({ error: refusal }, { status: 403, headers: NO_STORE });
  }
  return Response.json({ token: await mintLocalOperatorToken(privateJwk!) }, { headers: NO_STORE });
}
