import { describe, expect, it } from 'vitest';
import { ChurnReason } from '../../../agent/contracts';
import { extractReason, locateVerbatim, summarize, type Transcript } from '../../../agent/understanding';
import { looseKey } from '../../../agent/understanding/normalize';

// The reason a customer gives, with the customer's own words: the verbatim is always cut from a
// customer turn (turn id and offsets), compared ignoring case, spacing and punctuation.

const call = (turns: [speaker: 'customer' | 'agent', text: string][], lang?: string): Transcript => ({
  conversation_id: 'cv_1',
  lang,
  turns: turns.map(([speaker, text], i) => ({ id: `tn_${i}`, speaker, text })),
});

const CONVERSATIONS: [string, Transcript, string][] = [
  [
    'price (en)',
    call([
      ['agent', 'Hi, this is Tenure calling about your renewal. Is now a good time?'],
      ['customer', 'Sure. Honestly the price felt high this month, it went up 30% and nobody warned us.'],
      ['agent', 'I understand. Would a smaller plan help?'],
      ['customer', "Maybe, I'll think about it."],
    ]),
    'price',
  ],
  [
    'competitor (fr)',
    call([
      ['agent', 'Bonjour, avez-vous deux minutes ?'],
      ['customer', 'Oui. On est passés chez Pipedrive le mois dernier, merci de ne pas renouveler.'],
    ]),
    'competitor',
  ],
  [
    'support (ru)',
    call([
      ['agent', 'Здравствуйте! Удобно говорить?'],
      ['customer', 'Да. Наша заявка висит уже 12 дней без единого ответа, поддержка молчит.'],
    ]),
    'support_experience',
  ],
  [
    'quality (en, SMS)',
    call([['customer', 'app keeps crashing when we upload files. done with it']]),
    'product_quality',
  ],
];

describe('extractReason', () => {
  for (const [name, transcript, category] of CONVERSATIONS) {
    it(`${name}: ${category}, quoted from a customer turn`, () => {
      const reason = extractReason(transcript)!;
      expect(reason).not.toBeNull();
      expect(ChurnReason.safeParse(reason).success).toBe(true);
      expect(reason.category).toBe(category);
      expect(reason.source).toBe('conversation');
      const turn = transcript.turns.find((t) => t.id === reason.turn_id)!;
      expect(turn.speaker).toBe('customer');
      expect(turn.text.slice(reason.span![0], reason.span![1])).toBe(reason.verbatim);
      const found = locateVerbatim(transcript, reason.verbatim);
      expect(found?.turn_id).toBe(reason.turn_id);
    });
  }

  it('names the competitor', () => {
    const reason = extractReason(CONVERSATIONS[1]![1])!;
    expect(reason.competitor).toBe('Pipedrive');
    expect(reason.detail).toBe('Competitor: Pipedrive');
  });

  it('says "no reason given" (null) when the customer gives none', () => {
    expect(extractReason(call([['agent', 'How is everything going?'], ['customer', 'All good on our side, thanks!']]))).toBeNull();
    expect(extractReason(call([['customer', 'Tout va bien, merci !']]))).toBeNull();
    expect(extractReason(call([]))).toBeNull();
  });

  it('gives no reason for a happy customer who only mentions a topic', () => {
    expect(extractReason(call([['customer', 'The price is fair for what we get and support sorted our issue in an hour, thanks!']]))).toBeNull();
    expect(extractReason(call([['customer', 'Цена нормальная, поддержка отвечает быстро, всё устраивает.']]))).toBeNull();
  });

  it('takes a topic named in a risk phrase as the reason, in new wording too', () => {
    expect(extractReason(call([['customer', "We're hesitating because of the price. We'll decide next week."]]))?.category).toBe('price');
    expect(extractReason(call([['customer', 'On hésite à cause du tarif, on verra la semaine prochaine.']]))?.category).toBe('price');
  });

  it('never takes the agent’s words for the customer’s', () => {
    const transcript = call([
      ['agent', 'Many customers tell us the price is too high and they switched to a competitor.'],
      ['customer', 'Not us, we are happy with it.'],
    ]);
    const reason = extractReason(transcript);
    if (reason) expect(transcript.turns.find((t) => t.id === reason.turn_id)!.speaker).toBe('customer');
    expect(reason).toBeNull();
  });

  it('is a payment failure, involuntary, when the card was declined', () => {
    const reason = extractReason(call([['customer', 'Our card expired, that is why the payment failed.']]))!;
    expect(reason.category).toBe('payment_failure');
    expect(reason.voluntary).toBe(false);
  });
});

describe('locateVerbatim', () => {
  const transcript = call([
    ['agent', 'We can offer you a discount on the annual plan.'],
    ['customer', "Honestly… the PRICE felt   high this month; we’re hesitating."],
  ]);

  it('finds the customer’s words ignoring case, spacing, punctuation and apostrophes', () => {
    const found = locateVerbatim(transcript, "the price felt high this month we're hesitating")!;
    expect(found.turn_id).toBe('tn_1');
    expect(looseKey(found.text)).toBe(looseKey("the price felt high this month we're hesitating"));
    expect(transcript.turns[1]!.text.slice(found.span[0], found.span[1])).toBe(found.text);
  });

  it('refuses words the customer did not say, or that only the agent said', () => {
    expect(locateVerbatim(transcript, 'the price is too high')).toBeNull();
    expect(locateVerbatim(transcript, 'a discount on the annual plan')).toBeNull();
    expect(locateVerbatim(transcript, '   ')).toBeNull();
  });
});

describe('summarize', () => {
  it('is short and neutral and lists the promises of both sides', () => {
    const transcript = call([
      ['agent', 'Thanks for your time. I will send you the new quote by Friday.'],
      ['customer', "We're hesitating because of the price. We'll decide next week."],
      ['agent', 'Understood.'],
    ]);
    const s = summarize(transcript);
    expect(s.summary.length).toBeLessThan(400);
    expect(s.summary).toMatch(/hesitation about continuing/);
    expect(s.summary).toMatch(/Stated reason: price/);
    expect(s.promises.map((p) => p.by)).toEqual(['agent', 'customer']);
    for (const p of s.promises) {
      const turn = transcript.turns.find((t) => t.id === p.turn_id)!;
      expect(turn.text.slice(p.span[0], p.span[1])).toBe(p.text);
    }
    expect(s.promises[0]!.text).toBe('I will send you the new quote by Friday.');
  });

  it('hears promises in French and Russian', () => {
    expect(summarize(call([['agent', 'Je vous rappelle demain.'], ['customer', 'Merci.']])).promises).toHaveLength(1);
    expect(summarize(call([['customer', 'Пришлю реквизиты до пятницы.']])).promises[0]!.by).toBe('customer');
  });
});
