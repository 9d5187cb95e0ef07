import { z } from 'zod';

// Messages people read (API errors, CSV rejects): "is required" rather than zod's
// "Invalid input: expected string, received undefined" for a field that is missing.
z.config({
  customError: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined),
});
