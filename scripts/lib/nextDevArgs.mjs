// `next dev` arguments for npm run dev. A loopback Convex backend is unreachable
// from other devices, so the dashboard then listens on loopback too and Next prints
// no "Network" address that would open a page without data.
export function nextDevArgs(port, convexUrl) {
  const { hostname } = new URL(convexUrl);
  const loopback = hostname === "localhost" || hostname === "[::1]" || /^127\./.test(hostname);
  return ["dev", "--port", String(port), ...(loopback ? ["--hostname", "127.0.0.1"] : [])];
}
