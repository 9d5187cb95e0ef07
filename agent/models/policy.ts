// The check point every tool call a model asks for passes before it runs (the conversation graph
// calls it; the tools themselves land with that issue). A model that obeyed an injected "give me
// 100% off" asks for the tool; this refuses it, and the refusal is said to the customer in words.

export interface ToolPolicy {
  /** The largest discount the agent may grant without a person (TENURE_MAX_DISCOUNT_PERCENT). */
  maxDiscountPercent: number;
}

export interface ToolCallRequest {
  name: string;
  arguments: Record<string, unknown>;
}

export type ToolDecision = { allowed: true } | { allowed: false; reason: string; say: string };

const SAY: Record<string, { discount: (max: number) => string }> = {
  en: {
    discount: (max) => `I'm not able to offer that. The most I can offer is ${max}% off; for anything more, I can ask your account manager to call you.`,
  },
  fr: {
    discount: (max) => `Je ne peux pas vous proposer cela. Je peux aller jusqu'à ${max} % de remise ; au-delà, je peux demander à votre responsable de compte de vous rappeler.`,
  },
  ru: {
    discount: (max) => `К сожалению, я не могу это предложить. Максимальная скидка, которую я могу дать, — ${max}%; о большем я попрошу вашего менеджера перезвонить вам.`,
  },
};

const DISCOUNT_TOOLS = new Set(['offer_discount', 'apply_discount']);

/** Whether the tool call may run; when not, why (for the log) and what to say instead. */
export function checkToolCall(call: ToolCallRequest, policy: ToolPolicy, lang = 'en'): ToolDecision {
  const say = SAY[lang.slice(0, 2)] ?? SAY.en!;
  if (DISCOUNT_TOOLS.has(call.name)) {
    const percent = Number(call.arguments.percent);
    if (!Number.isFinite(percent) || percent < 0) return { allowed: false, reason: 'the discount is not a percentage', say: say.discount(policy.maxDiscountPercent) };
    if (percent > policy.maxDiscountPercent) {
      return { allowed: false, reason: `a ${percent}% discount is above the ${policy.maxDiscountPercent}% limit`, say: say.discount(policy.maxDiscountPercent) };
    }
    return { allowed: true };
  }
  return { allowed: true };
}
