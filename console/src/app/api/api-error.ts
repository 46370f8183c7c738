/**
 * A failed API call as the UI shows it: the server's code, message and field (from its RFC 9457
 * problem body, every problem of the request in `problems`), or NETWORK when the server could not
 * be reached. The class is the typed client's, so an error thrown anywhere below is this one.
 */
export { ApiError, isApiError, type ApiErrorCode } from '@borderflow/client';
