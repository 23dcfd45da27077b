import http from "node:http";

export type HttpResult = { status: number; body: string };

/** A keep-alive HTTP/1.1 client over one agent: one socket per concurrent worker, reused. */
export function keepAliveClient(baseUrl: string, maxSockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  const { hostname, port } = new URL(baseUrl);
  return {
    request(method: string, path: string, headers: Record<string, string>, body?: string): Promise<HttpResult> {
      return new Promise((resolve, reject) => {
        const request = http.request(
          {
            agent,
            hostname,
            port,
            method,
            path,
            headers: body === undefined ? headers : { ...headers, "content-length": Buffer.byteLength(body) },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on("data", (chunk: Buffer) => chunks.push(chunk));
            response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
            response.on("error", reject);
          },
        );
        request.on("error", reject);
        request.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}

export type KeepAliveClient = ReturnType<typeof keepAliveClient>;
