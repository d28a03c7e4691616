import { clerkMiddleware } from "@clerk/nextjs/server";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { notFoundResponse } from "@/lib/routeGuard";
import { hostnameOf, isLoopbackHost } from "@/domain/localOperator";
import { mintLocalOperatorToken } from "@/lib/localOperatorToken";

/** The local operator's token for the id check, on localhost with the key `npm run dev` passes; else anonymous. */
async function localOperatorToken(request: NextRequest): Promise<string | undefined> {
  const privateJwk = process.env.LOCAL_OPERATOR_PRIVATE_JWK;
  const hostname = hostnameOf(request.headers.get("host"));
  return privateJwk && hostname && isLoopbackHost(hostname) ? await mintLocalOperatorToken(privateJwk) : undefined;
}

// Clerk's middleware makes the session readable; the dashboard layout requires
// sign-in itself, where the protected pages are.
const withClerk = clerkMiddleware(async (auth, request) => {
  const token = async () => (await (await auth()).getToken({ template: "convex" })) ?? undefined;
  return (await notFoundResponse(request, token)) ?? undefined;
});

/**
 * Without Clerk keys the dashboard runs in local operator mode (the Convex side
 * decides what that may open), and Clerk's middleware would fail on the missing
 * keys, so it is skipped.
 */
export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  if (!process.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY) {
    return (await notFoundResponse(request, () => localOperatorToken(request))) ?? NextResponse.next();
  }
  return withClerk(request, event);
}

export const config = {
  matcher: [
    "/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)",
    "/(api|trpc)(.*)",
  ],
};
