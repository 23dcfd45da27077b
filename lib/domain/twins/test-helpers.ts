import { AppError } from "../errors";

/** Runs `fn` and returns the AppError it threw; fails the test if it did not throw one. */
export function appErrorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected an AppError, nothing was thrown");
}
