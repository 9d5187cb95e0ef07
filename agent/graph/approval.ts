import { Command, END, interrupt, START, StateGraph, StateSchema, type BaseCheckpointSaver } from '@langchain/langgraph';
import { z } from 'zod';
import type { Clock } from '../../db/clock';
import type { Database } from '../../db/database';
import { withTransaction } from '../../db/transaction';
import { recordEvents } from '../../ingest/events/store';
import { completeTask } from '../../team/tasks';
import { TenureError } from '../../server/errors';

// An offer above the agent's limits waits for a person: one LangGraph thread per approval
// (`approval:<id>`) stops at an interrupt until POST /v1/approvals/:id resumes it with the decision.
// The conversation itself never waits: the agent said it would confirm and carried on.

export const Decision = z.enum(['approve', 'reject']);
export type Decision = z.infer<typeof Decision>;

const ApprovalState = new StateSchema({
  approvalId: z.string(),
  decision: Decision.nullable().default(null),
  decidedBy: z.string().nullable().default(null),
});

export function buildApprovalGraph(db: Database, clock: Clock, checkpointer: BaseCheckpointSaver) {
  return new StateGraph(ApprovalState)
    .addNode('await_decision', (s: typeof ApprovalState.State) => {
      const answer = z.object({ decision: Decision, by: z.string() }).parse(interrupt({ approvalId: s.approvalId }));
      return { decision: answer.decision, decidedBy: answer.by };
    })
    .addNode('apply', async (s: typeof ApprovalState.State) => {
      await withTransaction(db, async (tx) => {
        const { rows } = await tx.query<{ account_id: string; conversation_id: string; kind: string; terms: { percent?: number; months: number }; task_id: string | null; contact_id: string | null }>(
          `UPDATE approvals a SET status = $2, decided_by = $3, decided_at = $4 FROM conversations c
           WHERE a.id = $1 AND a.status = 'pending' AND c.id = a.conversation_id
           RETURNING a.account_id, a.conversation_id, a.kind, a.terms, a.task_id, c.contact_id`,
          [s.approvalId, s.decision === 'approve' ? 'approved' : 'rejected', s.decidedBy, clock.now()],
        );
        const a = rows[0];
        if (!a) return; // decided already (a resumed thread replaying its last step)
        // the person's inbox item is done once decided
        if (a.task_id) await completeTask(tx, clock, a.task_id, { actor: s.decidedBy ?? 'agent', memberId: null, admin: true });
        // an approved offer is our promise to the customer, kept in the account's history
        if (s.decision === 'approve') {
          const text = a.kind === 'discount' ? `${a.terms.percent}% off for ${a.terms.months} months` : `pause for ${a.terms.months} months`;
          await recordEvents(tx, clock, [{
            kind: 'promise.made', account_id: a.account_id, ...(a.contact_id ? { contact_id: a.contact_id } : {}), occurred_at: clock.now().toISOString(),
            dedupe_key: `agent:approval:${s.approvalId}`, payload: { promise_id: s.approvalId, by: 'vendor', text, conversation_id: a.conversation_id },
          }], 'agent', 'approval promise');
        }
      });
      return {};
    })
    .addEdge(START, 'await_decision')
    .addEdge('await_decision', 'apply')
    .addEdge('apply', END)
    .compile({ checkpointer });
}

export type ApprovalGraph = ReturnType<typeof buildApprovalGraph>;

const thread = (id: string) => ({ configurable: { thread_id: `approval:${id}` }, durability: 'sync' as const });

/** Runs the approval's thread up to its interrupt (idempotent: a started thread stays where it is). */
export async function startApproval(graph: ApprovalGraph, approvalId: string): Promise<void> {
  const state = await graph.getState(thread(approvalId));
  if (state.next.length === 0 && !state.values.approvalId) await graph.invoke({ approvalId }, thread(approvalId));
}

export const ApprovalRow = z.object({
  id: z.string(), conversation_id: z.string(), account_id: z.string(), kind: z.string(), terms: z.record(z.string(), z.unknown()),
  status: z.enum(['pending', 'approved', 'rejected']), task_id: z.string().nullable(), decided_by: z.string().nullable(), decided_at: z.date().nullable(), created_at: z.date(),
});

/** A person's decision: resumes the thread, which records it. Deciding twice is refused. */
export async function decideApproval(db: Database, graph: ApprovalGraph, id: string, decision: Decision, by: string): Promise<z.infer<typeof ApprovalRow>> {
  const read = async () => (await db.query('SELECT id, conversation_id, account_id, kind, terms, status, task_id, decided_by, decided_at, created_at FROM approvals WHERE id = $1', [id])).rows[0];
  const row = await read();
  if (!row) throw new TenureError('not_found', `Approval ${id} does not exist`);
  if (row.status !== 'pending') throw new TenureError('conflict', `Approval ${id} was already ${row.status}`);
  await startApproval(graph, id);
  await graph.invoke(new Command({ resume: { decision, by } }), thread(id));
  return ApprovalRow.parse(await read());
}
