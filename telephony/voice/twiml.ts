import twilio from 'twilio';
import type { Config } from '../../server/config';
import { publicUrl } from '../sms/urls';
import { relayLanguage, voiceText } from './texts';

// The TwiML of a call, built with the SDK's VoiceResponse (so attribute names are Twilio's own).
// The answered call connects to Tenure's ConversationRelay WebSocket for its leg, in the contact's
// language, with the agent's opening line (and the stop key) as welcomeGreeting and the
// conversation id as a <Parameter>; <Connect action> is asked when the session ends.

export const voicePaths = {
  status: (legId: string) => `/webhooks/twilio/voice/${legId}/status`,
  amd: (legId: string) => `/webhooks/twilio/voice/${legId}/amd`,
  action: (legId: string) => `/webhooks/twilio/voice/${legId}/action`,
  relay: (legId: string) => `/webhooks/twilio/voice/${legId}/relay`,
};

/** The WebSocket URL Twilio is told (and signs): the public base URL with ws(s):// */
export const relayUrl = (config: Pick<Config, 'publicBaseUrl'>, legId: string) => publicUrl(config, voicePaths.relay(legId)).replace(/^http/, 'ws');

export interface RelayTwiml {
  legId: string;
  conversationId: string;
  lang: string;
  greeting: string;
  stopKey: string;
}

export function relayTwiml(config: Pick<Config, 'publicBaseUrl'>, t: RelayTwiml): string {
  const r = new twilio.twiml.VoiceResponse();
  const relay = r.connect({ action: publicUrl(config, voicePaths.action(t.legId)) }).conversationRelay({
    url: relayUrl(config, t.legId),
    welcomeGreeting: `${t.greeting} ${voiceText('stop_key', t.lang, t.stopKey)}`,
    language: relayLanguage(t.lang),
    interruptible: 'any',
    dtmfDetection: true,
  });
  relay.parameter({ name: 'conversationId', value: t.conversationId });
  relay.parameter({ name: 'legId', value: t.legId });
  return r.toString();
}

export function voicemailTwiml(lang: string, message: boolean): string {
  const r = new twilio.twiml.VoiceResponse();
  if (message) r.say({ language: relayLanguage(lang) as 'en-US' }, voiceText('voicemail', lang));
  r.hangup();
  return r.toString();
}

export function hangupTwiml(): string {
  const r = new twilio.twiml.VoiceResponse();
  r.hangup();
  return r.toString();
}

/** A warm transfer to a person, after the agent's hand-off. */
export function dialTwiml(to: string): string {
  const r = new twilio.twiml.VoiceResponse();
  r.dial(to);
  return r.toString();
}
