import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type KapsoAnswer =
  | { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  | { drop: true }
  /** Never answers: the client's own timeout must end the request. */
  | { hang: true };

export type RecordedRequest = {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  at: number;
};

/**
 * A real HTTP server on 127.0.0.1 that plays Kapso: each request takes the next
 * scripted answer (the last one repeats), and every request is recorded.
 */
export class FakeKapsoServer {
  readonly requests: RecordedRequest[] = [];
  private answers: KapsoAnswer[] = [];
  private server: Server;
  private port = 0;

  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Sets the answers for the next requests, in order. */
  script(...answers: KapsoAnswer[]) {
    this.answers = answers;
    this.requests.length = 0;
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
    }
    this.requests.push({
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8"),
      at: Date.now(),
    });
    const answer = this.answers.length > 1 ? this.answers.shift()! : this.answers[0];
    if (!answer) {
      res.writeHead(500).end();
      return;
    }
    if ("drop" in answer) {
      req.socket.destroy();
      return;
    }
    if ("hang" in answer) {
      return;
    }
    if (answer.delayMs) {
      await new Promise((r) => setTimeout(r, answer.delayMs));
      if (res.destroyed) {
        return;
      }
    }
    if (answer.body instanceof Uint8Array) {
      res.writeHead(answer.status, { "content-type": "application/octet-stream", ...answer.headers });
      res.end(answer.body);
      return;
    }
    const isText = typeof answer.body === "string";
    res.writeHead(answer.status, {
      "content-type": isText ? "text/plain" : "application/json",
      ...answer.headers,
    });
    res.end(answer.body === undefined ? "" : isText ? (answer.body as string) : JSON.stringify(answer.body));
  }
}

/** A loopback port nothing listens on: connections to it are refused. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
