/**
 * Request bodies the direct API path (node-api-server.ts) has already read whole. Building a
 * `Request` around a body makes a web ReadableStream for it, which cost more CPU than the rest of
 * the body handling together (measured, bench/ twin PATCH profile); the buffer is handed over
 * beside the request instead, and readJsonBody takes it from here before looking at `request.body`.
 */
const bodies = new WeakMap<Request, Buffer>();

export function attachBufferedBody(request: Request, body: Buffer) {
  bodies.set(request, body);
}

export function bufferedBodyOf(request: Request): Buffer | undefined {
  return bodies.get(request);
}
