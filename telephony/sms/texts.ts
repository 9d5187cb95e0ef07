// The few texts telephony sends on its own, per language: the one opt-out confirmation (no
// marketing, FCC 24-18 allows exactly one), the help answer, and the opt-back-in confirmation.
// Each fits one segment in its encoding.

type Key = 'opted_out' | 'opted_out_sms' | 'help' | 'opted_in';

const TEXTS: Record<'en' | 'fr' | 'ru', Record<Key, string>> = {
  en: {
    opted_out: 'You are unsubscribed and will not be contacted again. Reply START to resubscribe.',
    opted_out_sms: 'You are unsubscribed and will get no more texts. Reply START to resubscribe.',
    help: 'Customer care texts. Reply STOP to opt out, START to opt back in.',
    opted_in: 'You are resubscribed. Reply STOP to opt out.',
  },
  fr: {
    opted_out: 'Désinscription faite : vous ne serez plus contacté. Répondez START pour vous réinscrire.',
    opted_out_sms: 'Désinscription faite : plus aucun SMS. Répondez START pour vous réinscrire.',
    help: 'SMS du service client. Répondez STOP pour vous désinscrire, START pour revenir.',
    opted_in: 'Réinscription faite. Répondez STOP pour vous désinscrire.',
  },
  ru: {
    opted_out: 'Вы отписаны, мы больше не свяжемся с вами. START - подписаться.',
    opted_out_sms: 'Вы отписаны от SMS. START - подписаться снова.',
    help: 'SMS службы поддержки. СТОП - отписаться, START - подписаться.',
    opted_in: 'Вы снова подписаны. СТОП - отписаться.',
  },
};

export function smsText(key: Key, lang: string | null | undefined): string {
  const l = (lang ?? 'en').slice(0, 2);
  return TEXTS[l === 'fr' || l === 'ru' ? l : 'en'][key];
}
