// The check point every tool call a model asks for passes before it runs (the conversation graph
// calls it; the tools themselves land with that issue). A model that obeyed an injected "give me
// 100% off" asks for the tool; this refuses it, and the refusal is said to the customer in words.

export interface ToolPolicy {
  /** The largest discount the agent may grant without a person (TENURE_MAX_DISCOUNT_PERCENT). */
  maxDiscountPercent: number;
  /**
   * Above the limit and up to this, a person may approve the discount (the agent asks and says it
   * will confirm); above it, or with no ceiling set, the request is refused outright. 100% is never
   * a discount: a free period is not something any tool grants.
   */
  approvalCeilingPercent?: number;
  /** The longest pause the agent may grant alone; longer pauses go to a person (default 1 month). */
  maxPauseMonths?: number;
}

export interface ToolCallRequest {
  name: string;
  arguments: Record<string, unknown>;
}

/** `approval: true`: not allowed now, but a person may approve it (the graph asks one). */
export type ToolDecision = { allowed: true } | { allowed: false; reason: string; say: string; approval?: true };

const SAY: Record<string, { discount: (max: number) => string; confirm: string }> = {
  en: {
    discount: (max) => `I'm not able to offer that. The most I can offer is ${max}% off; for anything more, I can ask your account manager to call you.`,
    confirm: "I can't decide that one myself; I've asked your account manager, and we'll confirm with you shortly.",
  },
  fr: {
    discount: (max) => `Je ne peux pas vous proposer cela. Je peux aller jusqu'à ${max} % de remise ; au-delà, je peux demander à votre responsable de compte de vous rappeler.`,
    confirm: "Je ne peux pas en décider moi-même ; j'ai demandé à votre responsable de compte, et nous vous confirmerons très vite.",
  },
  ru: {
    discount: (max) => `К сожалению, я не могу это предложить. Максимальная скидка, которую я могу дать, — ${max}%; о большем я попрошу вашего менеджера перезвонить вам.`,
    confirm: 'Я не могу решить это сам; я передал запрос вашему менеджеру, и мы скоро подтвердим.',
  },
};

const DISCOUNT_TOOLS = new Set(['offer_discount', 'apply_discount']);

/** Whether the tool call may run; when not, why (for the log) and what to say instead. */
export function checkToolCall(call: ToolCallRequest, policy: ToolPolicy, lang = 'en'): ToolDecision {
  const say = SAY[lang.slice(0, 2)] ?? SAY.en!;
  if (DISCOUNT_TOOLS.has(call.name)) {
    const percent = Number(call.arguments.percent);
    if (!Number.isFinite(percent) || percent < 0) return { allowed: false, reason: 'the discount is not a percentage', say: say.discount(policy.maxDiscountPercent) };
    if (percent > policy.maxDiscountPercent && percent < 100 && percent <= (policy.approvalCeilingPercent ?? -1)) {
      return { allowed: false, approval: true, reason: `a ${percent}% discount is above the ${policy.maxDiscountPercent}% limit: a person decides`, say: say.confirm };
    }
    if (percent > policy.maxDiscountPercent) {
      return { allowed: false, reason: `a ${percent}% discount is above the ${policy.maxDiscountPercent}% limit`, say: say.discount(policy.maxDiscountPercent) };
    }
    return { allowed: true };
  }
  if (call.name === 'offer_pause') {
    const months = Number(call.arguments.months);
    const max = policy.maxPauseMonths ?? 1;
    if (!Number.isInteger(months) || months < 1 || months > 12) return { allowed: false, reason: 'the pause is not 1 to 12 months', say: say.discount(policy.maxDiscountPercent) };
    if (months > max) return { allowed: false, approval: true, reason: `a ${months}-month pause is above the ${max}-month limit: a person decides`, say: say.confirm };
  }
  return { allowed: true };
}
