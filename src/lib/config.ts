// Public configuration read at build time by Next.js (NEXT_PUBLIC_* only).

export const convexUrl = process.env.NEXT_PUBLIC_CONVEX_URL ?? "http://127.0.0.1:3210";

/** Clerk sign-in is on when a publishable key is configured; otherwise local operator mode. */
export const clerkEnabled = Boolean(process.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY);
