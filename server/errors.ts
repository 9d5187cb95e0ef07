// Typed errors: a stable code a client can branch on, an HTTP status, and a retry category that says
// whether sending the same request again can ever succeed. The catalogue below is the one list.
export type RetryCategory = 'never' | 'after_fix' | 'later';

export const ERRORS = {
  invalid_request: { status: 400, retry: 'after_fix' },
  unauthorized: { status: 401, retry: 'after_fix' },
  forbidden: { status: 403, retry: 'never' },
  not_found: { status: 404, retry: 'never' },
  conflict: { status: 409, retry: 'never' },
  payload_too_large: { status: 413, retry: 'after_fix' },
  unsupported_media_type: { status: 415, retry: 'after_fix' },
  rate_limited: { status: 429, retry: 'later' },
  internal: { status: 500, retry: 'later' },
  database_unavailable: { status: 503, retry: 'later' },
  starting: { status: 503, retry: 'later' },
  stopping: { status: 503, retry: 'later' },
  // start-up and CLI errors: never sent over HTTP, but coded the same way
  data_folder_locked: { status: 500, retry: 'after_fix' },
  port_in_use: { status: 500, retry: 'after_fix' },
  data_folder_unreadable: { status: 500, retry: 'after_fix' },
  migration_failed: { status: 500, retry: 'after_fix' },
  not_supported: { status: 400, retry: 'never' },
  instance_unreachable: { status: 503, retry: 'later' },
} as const satisfies Record<string, { status: number; retry: RetryCategory }>;

export type ErrorCode = keyof typeof ERRORS;

export interface FieldProblem {
  field: string;
  message: string;
}

export class TenureError extends Error {
  readonly status: number;
  readonly retry: RetryCategory;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldProblem[],
  ) {
    super(message);
    this.name = 'TenureError';
    this.status = ERRORS[code].status;
    this.retry = ERRORS[code].retry;
  }
}

export const notFound = (what: string, id: string) => new TenureError('not_found', `${what} ${id} does not exist`);
