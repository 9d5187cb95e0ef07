import { hidePassword } from '../server/config';
import { TenureError } from '../server/errors';

// Connection failures a user can fix, said in their words; anything else is passed on as it is.
const CONNECTION_CODES: Record<string, string> = {
  ECONNREFUSED: 'nothing answers there',
  ENOTFOUND: 'the host name does not resolve',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  '3D000': 'that database does not exist',
  '28P01': 'the password was refused',
  '28000': 'the server refused this user',
};

export function unreachable(e: unknown, url: string): TenureError | null {
  const code = (e as { code?: string }).code;
  const timeout = /timeout exceeded when trying to connect/i.test((e as Error).message ?? '');
  const why = code ? CONNECTION_CODES[code] : timeout ? 'the connection timed out' : undefined;
  if (!why) return null;
  return new TenureError(
    'database_unavailable',
    `Cannot use PostgreSQL at ${hidePassword(url)}: ${why} (${(e as Error).message}). Check DATABASE_URL, or unset it to use the embedded database.`,
  );
}
