import type { Twilio } from 'twilio';
import type { Conversations } from '../../agent/graph/port';
import type { Clock } from '../../db/clock';
import type { Database } from '../../db/database';
import type { Logger, Queue } from '../../db/queue';
import type { Config } from '../../server/config';

/** What the SMS work needs; the agent and the Twilio client are made on first use. */
export interface SmsDeps {
  db: Database;
  clock: Clock;
  config: Config;
  /** null: no queue in this process (the due-work sweep picks the rows up) */
  queue: () => Queue | null;
  agent: () => Promise<Conversations>;
  twilio: () => Promise<Twilio>;
  log: Logger;
}

export const SEND_JOB = 'sms-send';
export const INBOUND_JOB = 'sms-inbound';
