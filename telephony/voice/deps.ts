import type { SmsDeps } from '../sms/deps';
import type { VoiceSettings } from './settings';

/** What the voice work needs: the SMS work's (database, clock, agent, Twilio client) and its settings. */
export type VoiceDeps = Omit<SmsDeps, 'queue'> & { voice: VoiceSettings };
