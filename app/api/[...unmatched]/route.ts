import { AppError } from "@/lib/domain/errors";
import { errorResponse } from "@/lib/api/error-response";

/** Unknown /api paths answer in the one error shape instead of Next's HTML 404. */
const notFound = async (request: Request) =>
  errorResponse(new AppError("NotFound", `No API endpoint at ${new URL(request.url).pathname}`, { path: "url" }));

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
