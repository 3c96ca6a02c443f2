import type { ZodError } from 'zod';
import { ApiErrors, type DiscordApiError, type FormError, formErrors } from '../errors.ts';

/** Turns a zod failure into Discord's 50035 Invalid Form Body with its nested `errors`. */
export function zodToDiscord(error: ZodError): DiscordApiError {
  const failures: FormError[] = error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    switch (issue.code) {
      case 'invalid_type':
        return issue.message.includes('received undefined')
          ? { path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }
          : { path, code: 'BASE_TYPE_INVALID', message: issue.message };
      case 'too_big':
        return {
          path,
          code: 'BASE_TYPE_MAX_LENGTH',
          message: `Must be ${String(issue.maximum)} or fewer in length.`,
        };
      case 'too_small':
        return {
          path,
          code: 'BASE_TYPE_MIN_LENGTH',
          message: `Must be ${String(issue.minimum)} or more in length.`,
        };
      case 'invalid_value':
        return { path, code: 'BASE_TYPE_CHOICES', message: issue.message };
      default:
        return { path, code: 'BASE_TYPE_INVALID', message: issue.message };
    }
  });
  return ApiErrors.invalidFormBody(formErrors(failures));
}
