import type { ChurnCategory } from '../../agent/contracts/churn-reason';
import type { SentimentLabel } from '../../agent/contracts/common';
import type { MakeId } from './book';
import { activeUntil } from './activity';
import type { Calendar } from './calendar';
import { drift, inSpell, ramp, spellFactor, type Fate } from './fates';
import type { DemoParameters } from './parameters';
import { contactOn, type Tenure } from './people';
import {
  AGENT_LINES,
  COMPETITORS,
  CUSTOMER_CLOSINGS,
  EASIER_TO_SAY,
  FEATURES,
  NEUTRAL,
  NOTES,
  NPS_COMMENTS,
  POSITIVE,
  REASON_STATEMENTS,
  RISK_HINTS,
  type DemoLang,
} from './phrases';
import type { Random } from './random';
import type { DemoAccount, DemoContact, DemoConversation, DemoEvent, DemoMember, DemoReason, DemoTurn } from './types';

// The voice of the customer: NPS answers with comments, past calls with their transcripts, the
// CSM's notes, and the exit calls where a leaver says why — the reason row quotes a customer turn.

const fill = (text: string, vars: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');
const langOf = (c: DemoContact): DemoLang => (c.language === 'fr' ? 'fr' : 'en');
const firstName = (name: string) => name.split(' ')[0]!;

const SENTIMENT: Record<ChurnCategory, SentimentLabel> = {
  price: 'negative',
  budget: 'neutral',
  competitor: 'neutral',
  missing_feature: 'negative',
  product_quality: 'negative',
  support_experience: 'negative',
  value_not_realized: 'negative',
  onboarding: 'negative',
  no_longer_needed: 'neutral',
  business_change: 'neutral',
  forgot: 'neutral',
  payment_failure: 'neutral',
  relationship: 'negative',
  other: 'neutral',
};

const SPELL_TOPICS: (keyof typeof RISK_HINTS)[] = ['product_quality', 'support_experience', 'price', 'value_not_realized', 'budget'];

export interface VoiceContext {
  params: DemoParameters;
  cal: Calendar;
  rng: Random;
  makeId: MakeId;
  account: DemoAccount;
  fate: Fate;
  roster: Tenure[];
  owner: DemoMember;
  events: DemoEvent[];
  conversations: DemoConversation[];
}

export function voiceOfCustomer(v: VoiceContext): void {
  const { rng } = v;
  // one competitor and one missing feature per account, so every mention agrees
  const vars = { competitor: rng.pick(COMPETITORS), featureIndex: String(rng.int(0, FEATURES.en.length - 1)) };
  const hint = (category: keyof typeof RISK_HINTS, lang: DemoLang) =>
    fill(rng.pick(RISK_HINTS[category][lang]), { competitor: vars.competitor, feature: FEATURES[lang][Number(vars.featureIndex)]! });
  npsAnswers(v, hint);
  routineCalls(v, hint);
  exitCall(v, vars);
}

function npsAnswers(v: VoiceContext, hint: (c: keyof typeof RISK_HINTS, lang: DemoLang) => string): void {
  const { params, cal, rng, account, fate } = v;
  const end = activeUntil(fate, cal);
  for (const survey of [cal.days - 300, cal.days - 120]) {
    if (survey < 0 || survey >= end) continue;
    for (const role of ['main', 'sponsor'] as const) {
      const day = survey + rng.int(0, 9);
      if (day >= end) continue;
      if (!v.roster.some((t) => t.role === role && day >= t.from && day < t.to)) continue;
      const contact = contactOn(v.roster, role, day);
      if (!rng.chance(params.nps.response_rate * (1 - 0.7 * drift(fate, 'silence', day)))) continue;
      const health = 1 - Math.max(drift(fate, 'usage', day), drift(fate, 'phrases', day), 1 - spellFactor(fate, day, 'usage'));
      const score = Math.max(0, Math.min(10, Math.round(rng.normal(3 + 5.6 * health, 1.5))));
      const lang = langOf(contact);
      let comment: string | undefined;
      if (rng.chance(params.nps.comment_rate)) {
        const churnReason = fate.churn?.reason;
        comment =
          score <= 6 && churnReason && churnReason in RISK_HINTS && ramp(fate.churn, day) > 0
            ? hint(churnReason as keyof typeof RISK_HINTS, lang)
            : rng.pick(NPS_COMMENTS[score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor'][lang]);
      }
      v.events.push({
        kind: 'nps.answered',
        account_id: account.id,
        contact_id: contact.id,
        occurred_at: cal.at(day, rng.uniform(9, 18), contact.time_zone),
        payload: comment ? { score, comment } : { score },
      });
    }
  }
}

function routineCalls(v: VoiceContext, hint: (c: keyof typeof RISK_HINTS, lang: DemoLang) => string): void {
  const { params, cal, rng, account, fate } = v;
  const end = activeUntil(fate, cal);
  const expected = params.calls.per_year * (cal.days / 365) * (0.6 + 0.4 * Math.sqrt(account.seats / 15));
  const days = Array.from({ length: rng.poisson(expected) }, () => rng.int(0, Math.max(0, end - 1))).sort((a, b) => a - b);
  for (const day of days) {
    if (!cal.isWorkingDay(day) || rng.chance(0.7 * drift(fate, 'silence', day))) continue;
    const r = ramp(fate.churn, day);
    const topic = rng.weighted({ technical: 45 + 30 * r, strategic: 35 * (1 - 0.7 * r), other: 20 });
    const contact = contactOn(v.roster, rng.chance(0.8) ? 'main' : 'sponsor', day);
    const lang = langOf(contact);
    let risk: keyof typeof RISK_HINTS | null = null;
    const churn = fate.churn;
    if (churn && churn.reason in RISK_HINTS && rng.chance(churn.profile.phrases * churn.strength * (0.3 + 0.7 * r)) && r > 0) risk = churn.reason as keyof typeof RISK_HINTS;
    else if (inSpell(fate, day) && rng.chance(0.35)) risk = rng.pick(SPELL_TOPICS);
    else if (rng.chance(0.04)) risk = rng.pick(SPELL_TOPICS.concat(['competitor', 'missing_feature']));
    const said = risk ? hint(risk, lang) : null;
    const minutes = rng.logNormal(params.calls.minutes_median * (1 - 0.4 * drift(fate, 'silence', day)), 0.5);
    const started = cal.at(day, rng.uniform(9, 17), contact.time_zone);
    const names = { name: firstName(contact.name), csm: firstName(v.owner.name) };
    const lines: [DemoTurn['role'], string][] = [
      ['agent', fill(rng.pick(AGENT_LINES.opening[lang]), names)],
      ['customer', lang === 'fr' ? rng.pick(['Oui, bien sûr.', 'Oui, allez-y.', 'Bonjour, oui.']) : rng.pick(['Yes, sure.', 'Hi, yes, go ahead.', 'Sure, I have a few minutes.'])],
      ['agent', rng.pick(AGENT_LINES[topic][lang])],
      ['customer', said ? `${rng.pick(NEUTRAL[lang])} ${said}` : rng.pick(rng.chance(0.55) ? POSITIVE[lang] : NEUTRAL[lang])],
      ['agent', rng.pick(AGENT_LINES.follow_up[lang])],
      ['customer', rng.pick(rng.chance(0.5) ? NEUTRAL[lang] : POSITIVE[lang])],
      ['agent', fill(rng.pick(AGENT_LINES.closing[lang]), names)],
      ['customer', rng.pick(CUSTOMER_CLOSINGS[lang])],
    ];
    const conversation = record(v, contact, lang, topic, started, minutes, lines, said ? `${topicLabel(topic)} call with ${contact.name}. The customer said: "${said}"` : `${topicLabel(topic)} call with ${contact.name}, nothing of concern raised.`);
    if (rng.chance(said ? 0.8 : 0.4)) {
      const noteLang: DemoLang = lang;
      const text = said ? fill(rng.pick(NOTES.risk[noteLang]), { hint: said }) : rng.pick(NOTES.routine[noteLang]);
      v.events.push({ kind: 'note.logged', account_id: account.id, occurred_at: new Date(conversation.ended_at.getTime() + 20 * 60_000), payload: { text, lang: noteLang, author_id: v.owner.id } });
    }
  }
}

function exitCall(v: VoiceContext, vars: { competitor: string; featureIndex: string }): void {
  const { params, cal, rng, fate } = v;
  const churn = fate.churn;
  if (!churn || churn.day >= cal.days) return;
  if (!rng.chance(churn.voluntary ? params.churn.exit_call_share : 0.4)) return;
  const day = Math.max(0, churn.day - rng.int(0, 10));
  const contact = contactOn(v.roster, 'main', day);
  const lang = langOf(contact);
  const easier = EASIER_TO_SAY[churn.reason];
  const stated: ChurnCategory = churn.voluntary && easier && rng.chance(params.churn.stated_differs_share) ? rng.pick(easier) : churn.reason;
  const feature = FEATURES[lang][Number(vars.featureIndex)]!;
  const statement = fill(rng.pick(REASON_STATEMENTS[stated as keyof typeof REASON_STATEMENTS][lang]), { competitor: vars.competitor, feature });
  const lead = lang === 'fr' ? rng.pick(['', 'Eh bien, ', 'Pour être honnête, ']) : rng.pick(['', 'Well, ', 'To be honest, ']);
  const names = { name: firstName(contact.name), csm: firstName(v.owner.name) };
  const started = cal.at(day, rng.uniform(9, 17), contact.time_zone);
  const lines: [DemoTurn['role'], string][] = [
    ['agent', fill(rng.pick(AGENT_LINES.opening[lang]), names)],
    ['customer', lang === 'fr' ? 'Oui, bonjour.' : 'Yes, hello.'],
    ['agent', rng.pick(AGENT_LINES.exit[lang])],
    ['customer', lead + statement],
    ['agent', rng.pick(AGENT_LINES.follow_up[lang])],
    ['customer', lang === 'fr' ? "Non, c'est tout. Merci d'avoir appelé." : "No, that's all. Thanks for calling."],
  ];
  const reason: DemoReason = {
    turn: 3,
    category: stated,
    detail: stated === 'competitor' ? `moving to ${vars.competitor}` : stated === 'missing_feature' ? `needs ${FEATURES.en[Number(vars.featureIndex)]}` : stated.replace(/_/g, ' '),
    verbatim: statement,
    span: [lead.length, lead.length + statement.length],
    ...(stated === 'competitor' ? { competitor: vars.competitor } : {}),
    ...(stated === 'missing_feature' ? { feature } : {}),
    voluntary: churn.voluntary,
    sentiment: SENTIMENT[stated],
  };
  const conversation = record(v, contact, lang, 'strategic', started, rng.logNormal(9, 0.4), lines, `Exit call with ${contact.name}: the customer is leaving (${reason.detail}).`);
  conversation.reason = reason;
  v.events.push({
    kind: 'churn_reason.captured',
    account_id: v.account.id,
    contact_id: contact.id,
    occurred_at: conversation.ended_at,
    payload: {
      category: reason.category,
      detail: reason.detail,
      verbatim: reason.verbatim,
      ...(reason.competitor ? { competitor: reason.competitor } : {}),
      ...(reason.feature ? { feature: reason.feature } : {}),
      voluntary: reason.voluntary,
      sentiment: reason.sentiment,
      confidence: 0.9,
      conversation_id: conversation.id,
      turn_id: conversation.turns[reason.turn]!.id,
      span: reason.span,
      source: 'conversation',
    },
  });
}

function topicLabel(topic: DemoConversation['topic']): string {
  return topic === 'technical' ? 'Technical' : topic === 'strategic' ? 'Strategic' : 'Account';
}

/** Stores a past call as a completed conversation with its turns, and its call.completed event. */
function record(
  v: VoiceContext,
  contact: DemoContact,
  lang: DemoLang,
  topic: DemoConversation['topic'],
  started: Date,
  minutes: number,
  lines: [DemoTurn['role'], string][],
  summary: string,
): DemoConversation {
  const duration = Math.max(60, Math.round(minutes * 60));
  const step = duration / lines.length;
  const conversation: DemoConversation = {
    id: v.makeId('cv'),
    account_id: v.account.id,
    contact_id: contact.id,
    team_member_id: v.owner.id,
    lang,
    topic,
    started_at: started,
    ended_at: new Date(started.getTime() + duration * 1000),
    summary,
    turns: lines.map(([role, text], i) => ({ id: v.makeId('tn'), role, text, at: new Date(started.getTime() + i * step * 1000) })),
  };
  v.conversations.push(conversation);
  v.events.push({
    kind: 'call.completed',
    account_id: v.account.id,
    contact_id: contact.id,
    occurred_at: conversation.ended_at,
    payload: { duration_s: duration, topic, direction: 'outbound', conversation_id: conversation.id },
  });
  return conversation;
}

