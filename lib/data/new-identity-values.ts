import { randomInt } from "node:crypto";
import { identityEtag } from "@/lib/domain/twins";

/** A fresh identity etag: opaque to clients, it only has to change on every identity write. */
export const nextIdentityEtag = () => identityEtag(randomInt(1, 2 ** 47));
