import { randomBytes } from "node:crypto";
import { signSasToken } from "@/lib/domain/identity";

/** A fresh `iothubowner` key for the server under test: the bench signs its own tokens with it. */
export const newOwnerKey = () => randomBytes(32).toString("base64");

/** `SharedAccessSignature sr=localhost&sig=…&skn=iothubowner&se=…`, valid for `hours`. */
export function ownerToken(ownerKey: string, hub = "localhost", hours = 6): string {
  return signSasToken({
    resourceUri: hub,
    keyBase64: ownerKey,
    policyName: "iothubowner",
    expirySeconds: Math.floor(Date.now() / 1000) + hours * 3600,
  });
}
