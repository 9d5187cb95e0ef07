import { z } from 'zod';
import type { MessageKey } from './decline-codes';

// The customer-facing wording of each message key, in every language Tenure speaks. Written so that
// none of them names fraud, theft, loss, a block list or a risk judgement (a test scans them all):
// what the bank suspects is between the bank and its cardholder.
export const MessageLang = z.enum(['en', 'fr', 'ru']);
export type MessageLang = z.infer<typeof MessageLang>;

export const MESSAGES: Readonly<Record<MessageKey, Record<MessageLang, string>>> = {
  'dunning.card_expired': {
    en: 'The card we have on file has expired. Please add your new card so your subscription continues.',
    fr: 'La carte enregistrée a expiré. Merci d’ajouter votre nouvelle carte pour que votre abonnement continue.',
    ru: 'Срок действия сохранённой карты истёк. Пожалуйста, добавьте новую карту, чтобы подписка продолжилась.',
  },
  'dunning.check_card_details': {
    en: 'Some of the card details did not match (security code, expiry date, postal code or address). Please check them and try again.',
    fr: 'Certaines informations de la carte ne correspondaient pas (cryptogramme, date d’expiration, code postal ou adresse). Merci de les vérifier et de réessayer.',
    ru: 'Некоторые данные карты не совпали (код безопасности, срок действия, индекс или адрес). Пожалуйста, проверьте их и попробуйте ещё раз.',
  },
  'dunning.reenter_card': {
    en: 'The card number was not accepted. Please enter your card again.',
    fr: 'Le numéro de carte n’a pas été accepté. Merci de saisir à nouveau votre carte.',
    ru: 'Номер карты не был принят. Пожалуйста, введите данные карты ещё раз.',
  },
  'dunning.update_payment_method': {
    en: 'This card cannot be used for this payment. Please add another card or payment method.',
    fr: 'Cette carte ne peut pas être utilisée pour ce paiement. Merci d’ajouter une autre carte ou un autre moyen de paiement.',
    ru: 'Эту карту нельзя использовать для этого платежа. Пожалуйста, добавьте другую карту или другой способ оплаты.',
  },
  'dunning.authenticate': {
    en: 'Your bank asks you to confirm this payment. Please open the link to approve it.',
    fr: 'Votre banque vous demande de confirmer ce paiement. Merci d’ouvrir le lien pour l’approuver.',
    ru: 'Ваш банк просит подтвердить этот платёж. Пожалуйста, откройте ссылку, чтобы подтвердить его.',
  },
  'dunning.contact_bank': {
    en: 'Your bank declined the payment without giving us a reason. Please contact your bank, or use another card.',
    fr: 'Votre banque a refusé le paiement sans nous en donner la raison. Merci de contacter votre banque, ou d’utiliser une autre carte.',
    ru: 'Ваш банк отклонил платёж, не сообщив нам причину. Пожалуйста, свяжитесь с банком или используйте другую карту.',
  },
  'dunning.insufficient_funds': {
    en: 'The payment did not go through because the card’s balance was too low. We will try again in a few days, or you can use another card.',
    fr: 'Le paiement n’est pas passé car le solde de la carte était insuffisant. Nous réessaierons dans quelques jours, ou vous pouvez utiliser une autre carte.',
    ru: 'Платёж не прошёл: на карте недостаточно средств. Мы попробуем ещё раз через несколько дней, или вы можете использовать другую карту.',
  },
  'dunning.card_limit_reached': {
    en: 'The payment went over a limit set on the card. We will try again in a few days; your bank can raise the limit, or you can use another card.',
    fr: 'Le paiement a dépassé un plafond de la carte. Nous réessaierons dans quelques jours ; votre banque peut relever le plafond, ou vous pouvez utiliser une autre carte.',
    ru: 'Платёж превысил лимит по карте. Мы попробуем ещё раз через несколько дней; банк может повысить лимит, или вы можете использовать другую карту.',
  },
  'dunning.payment_retrying': {
    en: 'The payment did not go through because of a temporary problem. We will try again shortly; there is nothing you need to do.',
    fr: 'Le paiement n’est pas passé à cause d’un problème temporaire. Nous réessaierons sous peu ; vous n’avez rien à faire.',
    ru: 'Платёж не прошёл из-за временной проблемы. Мы скоро попробуем ещё раз; от вас ничего не требуется.',
  },
  'dunning.possible_duplicate': {
    en: 'This payment looked like one already made. We are checking whether it was paid; there is nothing you need to do.',
    fr: 'Ce paiement ressemblait à un paiement déjà effectué. Nous vérifions s’il a été réglé ; vous n’avez rien à faire.',
    ru: 'Этот платёж похож на уже совершённый. Мы проверяем, был ли он оплачен; от вас ничего не требуется.',
  },
  'dunning.payment_stopped': {
    en: 'The automatic payment for your subscription was stopped at your request through your bank. Would you like to talk about your subscription?',
    fr: 'Le paiement automatique de votre abonnement a été arrêté à votre demande auprès de votre banque. Souhaitez-vous que nous parlions de votre abonnement ?',
    ru: 'Автоматический платёж за подписку был остановлен по вашему запросу через банк. Хотите обсудить вашу подписку?',
  },
  'dunning.generic_decline': {
    en: 'Your bank declined the payment. Please use another card, or contact your bank.',
    fr: 'Votre banque a refusé le paiement. Merci d’utiliser une autre carte, ou de contacter votre banque.',
    ru: 'Ваш банк отклонил платёж. Пожалуйста, используйте другую карту или свяжитесь с банком.',
  },
  'dunning.payment_problem': {
    en: 'There was a problem with your latest payment. Someone from our team will get in touch to sort it out.',
    fr: 'Votre dernier paiement a rencontré un problème. Une personne de notre équipe vous contactera pour le régler.',
    ru: 'С вашим последним платежом возникла проблема. Сотрудник нашей команды свяжется с вами, чтобы всё уладить.',
  },
};

export function customerMessage(key: MessageKey, lang: MessageLang = 'en'): string {
  return MESSAGES[key][lang];
}
