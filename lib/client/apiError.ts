import { errorCodeOf, type ApiErrorCode } from '@/lib/contracts/json';

/** Every failed API call: the status, its code, the field the API named (`_err`) and the body. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  /** The `_err` of the reply: the field or part of the request that was wrong. */
  readonly field: string | null;

  constructor(
    readonly status: number,
    readonly body: unknown,
    fallbackMessage: string,
  ) {
    const fields =
      typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    super(typeof fields.message === 'string' ? fields.message : fallbackMessage);
    this.name = 'ApiError';
    this.code = errorCodeOf(status);
    this.field = typeof fields._err === 'string' ? fields._err : null;
  }
}
