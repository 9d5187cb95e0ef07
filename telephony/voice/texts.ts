// The few lines telephony speaks on a call on its own, per language: the stop-key announcement after
// the agent's opening, the voicemail message (short and non-sensitive: no amount, no card, no
// reason), the opt-out confirmation, and the line after a dropped connection is restored.

type Key = 'stop_key' | 'voicemail' | 'opted_out' | 'reconnected' | 'silence';

const TEXTS: Record<'en' | 'fr' | 'ru', Record<Key, (k: string) => string>> = {
  en: {
    stop_key: (k) => `If you would rather not get these calls, press ${k} at any time.`,
    voicemail: () => 'Hello, this is your account team calling for a quick check-in. No action is needed; we will try again another time. Goodbye.',
    opted_out: () => 'Understood. We will not call you again. Goodbye.',
    reconnected: () => 'Sorry, we were cut off. Where were we?',
    silence: () => 'It seems this is not a good moment. We will be in touch another time. Goodbye.',
  },
  fr: {
    stop_key: (k) => `Si vous ne souhaitez plus recevoir ces appels, appuyez sur ${k} à tout moment.`,
    voicemail: () => 'Bonjour, ici votre équipe de suivi, pour un rapide point. Rien à faire de votre côté ; nous rappellerons. Au revoir.',
    opted_out: () => 'C\'est noté, nous ne vous appellerons plus. Au revoir.',
    reconnected: () => 'Désolé, la communication a été coupée. Où en étions-nous ?',
    silence: () => 'Ce n\'est visiblement pas le bon moment. Nous reviendrons vers vous. Au revoir.',
  },
  ru: {
    stop_key: (k) => `Если вы не хотите получать эти звонки, нажмите ${k} в любой момент.`,
    voicemail: () => 'Здравствуйте, это ваша команда поддержки, короткий звонок. Ничего делать не нужно, мы перезвоним. До свидания.',
    opted_out: () => 'Понятно, мы больше не будем звонить. До свидания.',
    reconnected: () => 'Извините, связь прервалась. На чём мы остановились?',
    silence: () => 'Похоже, сейчас неудобно. Мы свяжемся с вами позже. До свидания.',
  },
};

export function voiceText(key: Key, lang: string | null | undefined, stopKey = '9'): string {
  const l = (lang ?? 'en').slice(0, 2);
  return TEXTS[l === 'fr' || l === 'ru' ? l : 'en'][key](stopKey);
}

/** The BCP 47 tag ConversationRelay speaks and listens in, for a contact's language. */
export function relayLanguage(lang: string | null | undefined): string {
  const l = (lang ?? 'en').slice(0, 2);
  return ({ en: 'en-US', fr: 'fr-FR', ru: 'ru-RU' } as Record<string, string>)[l] ?? 'en-US';
}
