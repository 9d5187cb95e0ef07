import { describe, expect, it } from 'vitest';
import { TurnAnalysis, TurnAnalysisBody, isAtRisk } from '../../../agent/contracts';
import { analyzeTurn, detectLang } from '../../../agent/understanding';

// What the offline provider hears in one turn: risk phrases and their negations, vendors, register,
// sarcasm, short SMS, language. Each pair below differs by the words that should flip the answer.

const atRisk = (text: string, lang?: string) => isAtRisk(analyzeTurn(text, lang));

const PAIRS: Record<string, [risk: string, calm: string][]> = {
  en: [
    ["We're hesitating.", "We're not hesitating at all."],
    ["We're thinking about cancelling.", "We're not thinking about cancelling."],
    ['we want to cancel', "we don't want to cancel"],
    ["we don't really see results", 'we really see results'],
    ['We looked at what Northwind does.', 'We never looked at what Northwind does, no need.'],
    ['The price is too high for us.', "The price isn't an issue for us."],
    ["I already explained this to your colleague.", 'Thanks for explaining this to my colleague.'],
    ["We're reviewing our budgets.", 'Budget is not a problem for us.'],
    ['the app crashes every day', 'the app never crashes'],
  ],
  fr: [
    ['On hésite.', "On n'hésite pas."],
    ['On hesite encore', "On n hesite pas"],
    ['Nous voulons résilier le contrat.', 'Nous ne voulons pas résilier le contrat.'],
    ['on ne voit pas vraiment de résultats', 'on voit vraiment des résultats'],
    ["C'est trop cher pour nous.", "Le prix n'est pas un problème pour nous."],
    ["Je l'ai déjà expliqué à votre collègue.", 'Merci de l’avoir expliqué à mon collègue.'],
    ["L'application plante tous les jours.", "L'application ne plante jamais."],
  ],
  ru: [
    ['Мы сомневаемся.', 'Мы не сомневаемся.'],
    ['Мы колеблемся, продлевать ли.', 'Мы ни капли не колеблемся.'],
    ['Хотим отменить подписку.', 'Не хотим отменять подписку.'],
    ['Мы не видим результатов.', 'Мы видим результаты.'],
    ['Для нас слишком дорого.', 'Цена для нас не проблема.'],
    ['Я уже объяснял это вашему коллеге.', 'Спасибо, что объяснили это моему коллеге.'],
    ['Приложение постоянно глючит.', 'Приложение ни разу не глючило.'],
  ],
};

describe('paired cases flip', () => {
  for (const [lang, pairs] of Object.entries(PAIRS)) {
    for (const [risk, calm] of pairs) {
      it(`${lang}: "${risk}" is a risk, "${calm}" is not`, () => {
        expect(atRisk(risk, lang)).toBe(true);
        expect(atRisk(calm, lang)).toBe(false);
        // the same without telling the language
        expect(atRisk(risk)).toBe(true);
        expect(atRisk(calm)).toBe(false);
      });
    }
  }
});

describe('the risk phrases of the product sources', () => {
  const floor: [string, string, string][] = [
    ['en', "we're hesitating", 'hesitation'],
    ['en', "we're not so sure anymore", 'hesitation'],
    ['en', 'we looked at what Acme does', 'competitor'],
    ['en', "we've been contacted by Globex", 'competitor'],
    ['en', "we don't really see results", 'no_results'],
    ['en', 'we expected more', 'no_results'],
    ['en', 'my manager is asking me to justify', 'budget'],
    ["en", "we're reviewing our budgets", 'budget'],
    ['en', 'if we continue with you', 'conditional_future'],
    ['en', 'for next time, please call first', 'conditional_future'],
    ['fr', 'on hésite', 'hesitation'],
    ['fr', 'on ne voit pas vraiment de résultats', 'no_results'],
    ['ru', 'Надеюсь, в этот раз получится', 'conditional_future'],
    ['ru', 'Я уже объяснял это вашему коллеге', 'repeated_request'],
    ['ru', 'Это последний раз, когда мы платим', 'ultimatum'],
  ];
  for (const [lang, text, family] of floor) {
    it(`${lang}: "${text}" → ${family}`, () => {
      const a = analyzeTurn(text, lang);
      expect(a.risks.map((r) => r.family)).toContain(family);
      for (const r of a.risks) expect(text.slice(r.start, r.end)).toBe(r.text);
    });
  }
});

describe('short SMS replies', () => {
  it.each([
    ['too expensive', 'price'],
    ['switched to Pipedrive', 'competitor'],
    ['trop cher', 'price'],
    ['дорого', 'price'],
    ['STOP', 'cancellation'],
    ['cancel pls', 'cancellation'],
  ])('"%s" → %s', (text, family) => {
    expect(analyzeTurn(text).risks.map((r) => r.family)).toContain(family);
  });

  it('a plain thanks is no risk and not negative', () => {
    const a = analyzeTurn('ok thanks!');
    expect(a.risks).toEqual([]);
    expect(a.sentiment.label).not.toBe('negative');
  });
});

describe('cancellation intent', () => {
  it('is heard when they want to leave, not when they say they stay', () => {
    expect(analyzeTurn('Please cancel our subscription at the end of the month.').cancellation_intent).toBe(true);
    expect(analyzeTurn('Nous ne renouvellerons pas notre abonnement.').cancellation_intent).toBe(true);
    expect(analyzeTurn('Мы решили расторгнуть договор.').cancellation_intent).toBe(true);
    expect(analyzeTurn("We have no plans to cancel, we're happy.").cancellation_intent).toBe(false);
    expect(analyzeTurn("On ne compte pas résilier.").cancellation_intent).toBe(false);
  });
});

describe('competitors', () => {
  it.each([
    ['switched to Pipedrive', 'Pipedrive'],
    ["We've been contacted by Zendesk, they offered a deal.", 'Zendesk'],
    ['We got a quote from Zoho CRM last week.', 'Zoho'],
    ['Honestly, Monday does the same for less.', 'Monday'],
    ['on est passés chez Sellsy', 'Sellsy'],
    ['Quelqu’un de chez Axonaut nous a appelés.', 'Axonaut'],
    ['перешли на amoCRM', 'amoCRM'],
    ['Получили предложение от МойСклад, там дешевле.', 'МойСклад'],
  ])('"%s" names %s', (text, name) => {
    const names = analyzeTurn(text).competitors.map((c) => c.name);
    expect(names.some((n) => n === name || n.startsWith(`${name} `))).toBe(true);
  });

  it('knows well-known vendors written in lower case (SMS) or, in Russian, under a case ending', () => {
    expect(analyzeTurn('switching to zendesk, pls confirm cancellation').competitors.map((c) => c.name)).toEqual(['zendesk']);
    expect(analyzeTurn('on part chez axonaut le mois prochain').competitors.map((c) => c.name)).toEqual(['axonaut']);
    // the name is the customer's word as written
    expect(analyzeTurn('С нами связались из Контура, предложение интересное.').competitors.map((c) => c.name)).toEqual(['Контура']);
  });

  it('does not take an e-mail address or a change of plan for another vendor', () => {
    expect(analyzeTurn('Please send the invoices to billing@northwind.io from now on.').competitors).toEqual([]);
    expect(analyzeTurn('Поменяйте, пожалуйста, email для счетов на buh@stroykom.ru.').competitors).toEqual([]);
    expect(analyzeTurn('Можно перейти на помесячную оплату?').risks.map((r) => r.family)).not.toContain('competitor');
  });

  it('does not take people, places or sentence starts for vendors', () => {
    expect(analyzeTurn('I spoke with Sarah from finance yesterday about Paris.').competitors).toEqual([]);
    expect(analyzeTurn('Thanks! Great call today.').competitors).toEqual([]);
    expect(analyzeTurn('Dear colleagues, please clarify the timeline.').competitors).toEqual([]);
  });

  it('a vendor the customer turned down is named but is no risk', () => {
    const a = analyzeTurn("Someone from Freshdesk called us but we told them we're staying with you.");
    expect(a.competitors.map((c) => c.name)).toEqual(['Freshdesk']);
    expect(a.risks).toEqual([]);
  });
});

describe('formality', () => {
  it('shifts from informal to formal', () => {
    expect(analyzeTurn('Hi! quick question :)').formality).toBe('informal');
    expect(analyzeTurn('Dear colleagues, please clarify the timeline').formality).toBe('formal');
    expect(analyzeTurn('Salut ! petite question :)').formality).toBe('informal');
    expect(analyzeTurn('Madame, Monsieur, veuillez nous préciser le calendrier. Cordialement.').formality).toBe('formal');
    expect(analyzeTurn('Привет! есть вопросик :)').formality).toBe('informal');
    expect(analyzeTurn('Уважаемые коллеги, просим уточнить сроки.').formality).toBe('formal');
    expect(analyzeTurn('The export runs on Mondays.').formality).toBe('neutral');
  });
});

describe('sarcasm', () => {
  it('turns praise said about a failure negative', () => {
    expect(analyzeTurn('Oh great, another outage. Just perfect.').sentiment.label).toBe('negative');
    expect(analyzeTurn('Génial, encore une panne.').sentiment.label).toBe('negative');
    expect(analyzeTurn('Отлично, опять всё упало.').sentiment.label).toBe('negative');
  });

  it('leaves sincere praise positive', () => {
    expect(analyzeTurn('Great job on the new release, the team loves it!').sentiment.label).toBe('positive');
    expect(analyzeTurn('Super, merci beaucoup pour votre aide !').sentiment.label).toBe('positive');
    expect(analyzeTurn('Огромное спасибо за быструю помощь!').sentiment.label).toBe('positive');
  });

  // praise about a topic the classifier mostly saw in complaints (hours, reports, invoices)
  it.each([
    ['The invoices module saves our accountant days every month, we love it.', 'en'],
    ['The reports save us hours, excellent work, we love it.', 'en'],
    ['Le module de facturation fait gagner des heures à la compta, on adore, merci !', 'fr'],
    ['Отчёты экономят нам часы каждую неделю, мы в восторге, спасибо!', 'ru'],
  ])('hears strong praise with nothing negative as positive: %s', (text, lang) => {
    expect(analyzeTurn(text, lang).sentiment.label).toBe('positive');
    expect(atRisk(text, lang)).toBe(false);
  });
});

describe('the contract', () => {
  it('answers a section 4 turn analysis once the ids are added', () => {
    for (const text of ['too expensive', "On hésite, et c'est trop cher.", 'Мы не сомневаемся', '']) {
      const body = analyzeTurn(text);
      expect(TurnAnalysisBody.safeParse(body).success).toBe(true);
      expect(TurnAnalysis.safeParse({ ...body, conversation_id: 'cv_1', turn_id: 'tn_1' }).success).toBe(true);
      expect(body.provider).toBe('offline');
      expect(body.sentiment.score).toBeGreaterThanOrEqual(-1);
    }
  });

  it('is deterministic', () => {
    const text = "We're hesitating, HubSpot offered us a discount and support never answers.";
    expect(analyzeTurn(text)).toEqual(analyzeTurn(text));
  });

  it('keeps the language it was given, detects it otherwise', () => {
    expect(analyzeTurn('trop cher', 'fr-CA').lang).toBe('fr-CA');
    expect(detectLang('trop cher')).toBe('fr');
    expect(detectLang("C'est la dernière fois")).toBe('fr');
    expect(detectLang('Это последний раз')).toBe('ru');
    expect(detectLang('This is the last time')).toBe('en');
    expect(detectLang('')).toBe('en');
  });

  it('names the product features a customer mentions', () => {
    const a = analyzeTurn('There is still no Slack integration and the reports are too basic.');
    expect(a.features.map((f) => f.key)).toEqual(expect.arrayContaining(['integrations', 'reporting']));
  });
});
