import type { z } from 'zod';

/** One problem with an input, named by its dotted path (`payload.score`); same shape as the API's. */
export interface FieldError {
  field: string;
  message: string;
}

/** zod issues → field errors; an unknown key is reported at its own path, not at its parent's. */
export function toFieldErrors(issues: z.ZodError['issues'], prefix = ''): FieldError[] {
  return issues.flatMap((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: path ? `${path}.${key}` : key, message: 'unknown field' }));
    }
    return [{ field: path || 'event', message: issue.message }];
  });
}
