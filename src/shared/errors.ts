// One error shape for HTTP, sockets and logs: a stable code, an HTTP status, a message that
// tells the user what to do next, and optional details (field errors).

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const validationError = (message: string, details?: unknown) =>
  new AppError('VALIDATION', 400, message, details);
export const notFound = (what: string) => new AppError('NOT_FOUND', 404, `${what} was not found`);
export const unauthorized = () => new AppError('UNAUTHENTICATED', 401, 'Please sign in again');
export const forbidden = (message = 'Your role does not allow this action') => new AppError('FORBIDDEN', 403, message);
export const conflict = (code: string, message: string) => new AppError(code, 409, message);
export const unavailable = (code: string, message: string) => new AppError(code, 503, message);

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function toErrorBody(err: AppError): ErrorBody {
  return {
    error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) },
  };
}
