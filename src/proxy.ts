import { clerkMiddleware } from "@clerk/nextjs/server";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";

// Clerk's middleware only makes the session readable; the dashboard layout
// requires sign-in itself, where the protected pages are.
const withClerk = clerkMiddleware();

/**
 * Without Clerk keys the dashboard runs in local operator mode (the Convex side
 * decides what that may open), and Clerk's middleware would fail on the missing
 * keys, so it is skipped.
 */
export default function proxy(request: NextRequest, event: NextFetchEvent) {
  if (!process.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY) return NextResponse.next();
  return withClerk(request, event);
}

export const config = {
  matcher: ["/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)", "/(api|trpc)(.*)"],
};
