import type { Config } from '../../server/config';

/** A webhook URL as Twilio is told it and signs it: always the configured public base URL. */
export const publicUrl = (config: Pick<Config, 'publicBaseUrl'>, path: string) => config.publicBaseUrl + path;
