import type { SmsDeps } from '../sms/deps';
import type { VoiceSettings } from './settings';

/**
 * What the voice work needs: the SMS work's (database, clock, agent, Twilio client), its settings, and
 * a way to run work after a webhook has answered (server/after-reply.ts).
 */
export type VoiceDeps = Omit<SmsDeps, 'queue'> & { voice: VoiceSettings; afterReply: (work: () => Promise<unknown>) => void };
