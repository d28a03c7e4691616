// Kapso's media host, played on 127.0.0.1 for the browser tests: GET /media/<name>.png answers
// a small PNG. The offline backend gets its URL as KAPSO_API_BASE_URL, so the media job may fetch
// from it (http: links are fetched only from that host).
import http from "node:http";

/** An 8×6 PNG. */
export const TEST_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAGCAIAAABxZ0isAAAAEUlEQVR4nGMwXlWOFTEMpAQAoiQ/wY/S5UcAAAAASUVORK5CYII=",
  "base64",
);

export async function startFakeKapsoMedia() {
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.method === "GET" && /^\/media\/[\w.-]+\.png$/.test(pathname)) {
      res.writeHead(200, { "content-type": "image/png", "content-length": TEST_PNG.length }).end(TEST_PNG);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
