import { hash, verify } from "@node-rs/argon2";
import { ARGON2ID_PARAMETERS } from "@/lib/domain/access";

/** Argon2id (algorithm 2 in @node-rs/argon2) at OWASP's parameters; the PHC string carries them. */
export const hashPassword = (password: string) => hash(password, { algorithm: 2, ...ARGON2ID_PARAMETERS });

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A hash of a password nobody knows, verified when the username does not exist, so that an unknown
 * user costs the same time as a wrong password.
 */
let decoy: Promise<string> | null = null;
export const decoyHash = () => (decoy ??= hashPassword(`decoy-${Math.random()}-${Date.now()}`));
