import { describe, expect, it } from 'vitest';
import { carrierKeyword, matchOptOut, matchRevocation } from '../../agent/policy/opt-out';

// The opt-out words (agent/policy/opt-out.ts): Twilio's single-word keywords and their French and
// Russian equivalents, and free-text revocations written by people, in en/fr/ru — phrasings the
// patterns were not written from, and sentences that merely contain "stop" or "не".

describe('carrier keywords', () => {
  it("knows Twilio's full single-word lists, in any case and with punctuation around", () => {
    for (const w of ['STOP', 'stopall', 'Unsubscribe', 'CANCEL', 'end', 'QUIT', 'revoke', 'OPTOUT', ' stop! ', 'Stop.']) expect(carrierKeyword(w), w).toMatchObject({ kind: 'opt_out' });
    for (const w of ['START', 'unstop', 'Yes']) expect(carrierKeyword(w), w).toMatchObject({ kind: 'opt_in' });
    for (const w of ['HELP', 'info', 'Help?']) expect(carrierKeyword(w), w).toMatchObject({ kind: 'help' });
  });

  it('knows the French and Russian equivalents, accents or not', () => {
    for (const w of ['ARRET', 'ARRÊT', 'arrête', 'Arretez'.slice(0, 6), 'DÉSABONNER', 'désinscrire', 'СТОП', 'стоп', 'Отписаться', 'ХВАТИТ']) expect(carrierKeyword(w), w).toMatchObject({ kind: 'opt_out' });
    expect(carrierKeyword('AIDE')).toMatchObject({ kind: 'help' });
    expect(carrierKeyword('ПОМОЩЬ')).toMatchObject({ kind: 'help' });
    expect(carrierKeyword('СТАРТ')).toMatchObject({ kind: 'opt_in' });
  });

  it('is a whole message of one word only, as on Twilio: "STOP PLEASE" or "OPT OUT" are not keywords', () => {
    for (const t of ['STOP PLEASE', 'OPT OUT', 'stopping', 'nonstop', 'yes please', 'help me with billing', 'the end']) expect(carrierKeyword(t), t).toBeNull();
  });
});

describe('free-text revocations', () => {
  const revocations = {
    en: [
      'stop texting me', 'Please stop sending me these messages', "Don't text me again", 'do not ever call me again', 'Never contact me again please',
      'Quit messaging this number', 'I want you to stop bothering me', 'remove me from your list', 'Take my number off your list',
      "I don't want any more texts from you", 'no more messages please', 'Leave me alone', 'please opt me out', 'Unsubscribe me now', 'STOP PLEASE',
      'can you cease contacting me', "Wrong number, don't text me",
      'stop the texts', 'Stop these messages please', 'stop the calls', 'cancel these texts', 'end all emails',
    ],
    fr: [
      "Arrêtez de m'écrire", "arretez de m'envoyer des SMS", 'Cessez de me contacter', 'Ne m’appelez plus jamais', 'ne me contactez plus merci',
      'Je ne veux plus recevoir vos messages', 'Plus de SMS svp', 'Retirez-moi de votre liste', 'désinscrivez moi', 'Laissez-moi tranquille',
      "Arrête de m'harceler", 'Stoppez les relances, merci',
      'arrêtez vos messages', 'stop aux appels svp', "n'appelez plus ce numéro", 'merci de ne plus me contacter', 'supprimez mes coordonnées', 'ça suffit les appels',
    ],
    ru: [
      'Не пишите мне больше', 'не звоните мне', 'Перестаньте мне писать', 'Прекратите присылать сообщения', 'Хватит мне названивать',
      'Отпишите меня от рассылки', 'Удалите мой номер', 'Оставьте меня в покое', 'Больше не хочу получать ваши смс', 'Не надо мне больше звонить',
      'пожалуйста, не присылайте мне ничего',
    ],
  };
  for (const [lang, list] of Object.entries(revocations)) {
    it(`hears ${lang} revocations it was not written from`, () => {
      for (const t of list) expect(matchRevocation(t, lang), t).not.toBeNull();
    });
  }

  it('does not hear an opt-out in ordinary answers that contain the same words', () => {
    const ordinary = [
      'The reports never stop loading', 'Nonstop issues with sync', 'We want to end the trial early', 'Please stop the subscription renewal email reminders from billing? no, keep them',
      'Call me back next week', 'You can text me the link', '9, the support team is great', 'Can you cancel my extra seats?', 'The sync stopped working yesterday',
      "Il manque l'export vers Excel", 'Rappelez-moi la semaine prochaine', "J'ai arrêté d'utiliser le module de rapports", 'Envoyez-moi le lien de paiement', "Je n'envoie plus de devis depuis le bug", "On n'appelle plus nos clients, on leur écrit",
      'Не работает экспорт в Excel', 'Позвоните мне на следующей неделе', 'Всё отлично, спасибо', 'Не знаю, наверное 7', 'Напишите мне ссылку на оплату',
    ];
    for (const t of ordinary) expect(matchOptOut(t), t).toBeNull();
  });

  it('matchOptOut (the conversation graph reads it too) answers opt-out keywords and revocations, not HELP or START', () => {
    expect(matchOptOut('STOP')).toBe('stop');
    expect(matchOptOut('HELP')).toBeNull();
    expect(matchOptOut('START')).toBeNull();
    expect(matchOptOut('Please stop calling me.')).not.toBeNull();
  });
});
