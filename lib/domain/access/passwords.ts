import { AppError } from "../errors";

export const MIN_PASSWORD_LENGTH = 12;
/** Long passphrases are welcome; the cap only keeps hashing from being used to burn CPU. */
export const MAX_PASSWORD_BYTES = 1024;

/** OWASP's Argon2id minimum (m = 19 MiB, t = 2, p = 1). */
export const ARGON2ID_PARAMETERS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function validatePassword(password: unknown, field = "password"): string {
  if (typeof password !== "string") throw new AppError("ArgumentInvalid", "The password must be a string", { path: field });
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new AppError("ArgumentInvalid", `The password must have at least ${MIN_PASSWORD_LENGTH} characters`, {
      path: field,
    });
  }
  if (Buffer.byteLength(password, "utf8") > MAX_PASSWORD_BYTES) {
    throw new AppError("ArgumentInvalid", `The password must be at most ${MAX_PASSWORD_BYTES} bytes`, { path: field });
  }
  return password;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** Usernames are case-insensitive: stored lower-case, 2-64 of `a-z 0-9 . _ -`. */
export function normalizeUsername(username: unknown, field = "username"): string {
  const value = typeof username === "string" ? username.trim().toLowerCase() : "";
  if (!USERNAME.test(value)) {
    throw new AppError("ArgumentInvalid", "A username is 2-64 characters of a-z, 0-9, '.', '_' or '-'", { path: field });
  }
  return value;
}
