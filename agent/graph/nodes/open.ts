import { fill, playPrompt, PROMPT_LANGS } from '../../../prompts/render';
import { composeOpening } from '../../dialogue/opening';
import { loadDossier, type Dossier } from '../../dossier/dossier';
import { CustomerAction } from '../../../dunning/contract';
import type { GraphDeps } from '../deps';
import type { ConversationState, ConversationUpdate, Thread } from '../state';

// The open node: reads the dossier, keeps its thread in the state, and stores the opening line
// (dialogue/opening.ts) as agent turn 0, with the prompt version on the conversation.

function money(minor: number, currency: string, lang: string): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(lang, { style: 'currency', currency }).format(minor / 10 ** digits);
}

export function threadOf(d: Dossier, lang: string): Thread {
  const c = d.last_complaint;
  const complaint = c
    ? Object.fromEntries(PROMPT_LANGS.map((l) => {
        const p = playPrompt('nps', l);
        const fr = l === 'fr';
        return [l, fill(p.lines[`complaint.${c.category}`]!, { competitor: c.competitor ?? (fr ? 'un concurrent' : 'a competitor'), feature_suffix: c.feature ? ` (${c.feature})` : '' })];
      }))
    : null;
  const pay = d.payment_problems[0];
  return {
    contact: d.contact.name.split(' ')[0] ?? d.contact.name,
    account: d.account.name,
    ownerId: d.account.owner_id,
    complaint,
    amount: pay ? money(pay.amount_due, pay.currency, lang) : null,
    atRisk: d.score?.at_risk ?? false,
    caseId: pay?.case_id ?? null,
    payAction: pay ? CustomerAction.parse(pay.customer_action) : null,
  };
}

export function openNode(deps: GraphDeps) {
  // Nobody hears an opening the moment it is made (a call says it once answered, a text is sent by
  // the outbox): its reading and composing go after the customer turns waiting for a first word.
  const breathe = deps.turnsFirst;
  return async function open(state: ConversationState): Promise<ConversationUpdate> {
    await breathe();
    const dossier = await loadDossier(deps.db, deps.clock, state.contactId);
    await breathe();
    const thread = threadOf(dossier, state.lang);
    const prompt = playPrompt(state.play, state.lang, state.promptVersion || undefined);
    const opening = composeOpening(prompt, thread);
    const turnId = `${state.conversationId}_t0`;
    await deps.db.query(
      `WITH version AS (UPDATE conversations SET prompt_version = $6 WHERE id = $2)
       INSERT INTO turns (id, conversation_id, seq, role, text, lang, at, event_id) VALUES ($1, $2, 0, 'agent', $3, $4, $5, 'opening') ON CONFLICT DO NOTHING`,
      [turnId, state.conversationId, opening, state.lang, deps.clock.now(), prompt.version],
    );
    return { accountId: dossier.account.id, thread, opening, promptVersion: prompt.version, lines: [{ seq: 0, role: 'agent', text: opening, turnId }] };
  };
}
