import { z } from 'zod';
import { defineTool } from './types';

// Tools that capture what the customer said. They only mark the state: the wrap-up writes the
// captured score, reason and promises in one transaction, with their events.

export const recordNps = defineTool({
  name: 'record_nps',
  description: 'Record the 0-10 score the customer gave when asked how likely they are to recommend us.',
  parameters: z.object({ score: z.number().int().min(0).max(10) }),
  async run(_ctx, { score }) {
    return { captured: { nps: score }, result: { score } };
  },
});

export const recordChurnReason = defineTool({
  name: 'record_churn_reason',
  description: "Record why the customer is leaving or thinking of it, quoting the customer's exact words.",
  parameters: z.object({ quote: z.string().min(1).max(1000) }),
  async run(_ctx, { quote }) {
    return { captured: { reasonQuote: quote }, result: { quote } };
  },
});

export const recordPromise = defineTool({
  name: 'record_promise',
  description: 'Record something the customer or we committed to do, in the words used.',
  parameters: z.object({ by: z.enum(['customer', 'vendor']), text: z.string().min(1).max(500), due_in_days: z.number().int().min(0).max(365).optional() }),
  async run(ctx, { by, text, due_in_days }) {
    const promises = [...ctx.state.captured.promises, { by, text, turnId: ctx.turn.id, dueInDays: due_in_days ?? null }];
    return { captured: { promises }, result: { by, text } };
  },
});
