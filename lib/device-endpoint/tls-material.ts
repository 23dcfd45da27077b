import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { generate } from "selfsigned";

export type TlsMaterial = {
  cert: string;
  key: string;
  /** The generated CA (PEM) that devices must trust; absent when the certificate is configured. */
  caPem?: string;
};

export type TlsSource =
  | { kind: "files"; certFile: string; keyFile: string }
  /** `dir` null keeps generated material in memory only (a `memory://` data folder). */
  | { kind: "generated"; dir: string | null; hostNames: string[] };

const CA_YEARS = 10;
const SERVER_YEARS = 2;
const inYears = (years: number) => new Date(Date.now() + years * 365 * 86_400_000);

/**
 * The MQTT server's certificate: from MQTT_TLS_CERT/MQTT_TLS_KEY, or a self-signed CA and a server
 * certificate it signs, generated once into DATA_DIR/tls (reference §10.3 point 1: the certificate
 * must match the host the device dials and chain to a CA the device is given). The server
 * certificate is regenerated, under the same CA, when a configured host name is missing from it, so
 * devices keep trusting the same CA.
 */
export async function loadTlsMaterial(source: TlsSource): Promise<TlsMaterial> {
  if (source.kind === "files") {
    return { cert: fs.readFileSync(source.certFile, "utf8"), key: fs.readFileSync(source.keyFile, "utf8") };
  }
  const hostNames = [...new Set(["localhost", "127.0.0.1", ...source.hostNames.map((h) => h.toLowerCase())])];
  const file = (name: string) => (source.dir ? path.join(source.dir, name) : null);
  const read = (name: string) => {
    const f = file(name);
    return f && fs.existsSync(f) ? fs.readFileSync(f, "utf8") : null;
  };
  let caPem = read("ca.pem");
  let caKey = read("ca.key");
  if (!caPem || !caKey) {
    const ca = await generate([{ name: "commonName", value: "EdgeDeck device CA" }], {
      keySize: 2048,
      algorithm: "sha256",
      notAfterDate: inYears(CA_YEARS),
      extensions: [
        { name: "basicConstraints", cA: true, critical: true },
        { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
      ],
    });
    caPem = ca.cert;
    caKey = ca.private;
    write(file("ca.key"), caKey, 0o600);
    write(file("ca.pem"), caPem, 0o644);
    // A new CA invalidates any server certificate signed by an older one.
    for (const name of ["server.pem", "server.key", "server.hosts"]) if (file(name)) fs.rmSync(file(name)!, { force: true });
  }
  const wanted = hostNames.join(",");
  let cert = read("server.pem");
  let key = read("server.key");
  if (!cert || !key || read("server.hosts") !== wanted) {
    const server = await generate([{ name: "commonName", value: source.hostNames[0] ?? "localhost" }], {
      keySize: 2048,
      algorithm: "sha256",
      notAfterDate: inYears(SERVER_YEARS),
      ca: { key: caKey, cert: caPem },
      extensions: [
        { name: "basicConstraints", cA: false },
        { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
        { name: "extKeyUsage", serverAuth: true },
        { name: "subjectAltName", altNames: hostNames.map((h) => (net.isIP(h) ? { type: 7, ip: h } : { type: 2, value: h })) },
      ],
    });
    cert = server.cert;
    key = server.private;
    write(file("server.key"), key, 0o600);
    write(file("server.pem"), cert, 0o644);
    write(file("server.hosts"), wanted, 0o644);
  }
  return { cert, key, caPem };
}

function write(file: string | null, content: string, mode: number) {
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, content, { mode });
}
