import { Command } from '@langchain/langgraph';
import type { Clock } from '../../db/clock';
import type { Database } from '../../db/database';
import { namedOn } from '../../db/prepared';
import { TenureError } from '../../server/errors';
import {
  ChannelClosedInput, CustomerTurnInput, DtmfInput, InterruptedInput, OpenInput,
  type AgentEvent, type ConversationPort,
} from '../contracts/conversation-port';
import type { ModelClient } from '../models/client';
import type { ToolPolicy } from '../models/policy';
import type { UnderstandingProvider } from '../understanding/provider';
import { buildApprovalGraph, decideApproval, startApproval, type ApprovalGraph, type Decision } from './approval';
import { buildConversationGraph, type ConversationGraph } from './graph';
import type { Unheard } from './nodes/respond';
import { BatchedPostgresSaver, READ_AHEAD, type CheckpointRow, type ReadAhead } from './saver';
import { TurnsFirst } from './turns-first';

// The ConversationPort (CONTRACTS.md section 3) over the LangGraph thread of each conversation.
// The checkpoints live in their own schema; on the embedded database they share the app's pool of
// one connection, and nothing here holds a client while the graph needs one.

export const CHECKPOINT_SCHEMA = 'agent_checkpoints';

export interface AgentDeps {
  db: Database;
  clock: Clock;
  policy: ToolPolicy;
  understanding: UnderstandingProvider;
  chat?: ModelClient | null;
}

const thread = (id: string, signal?: AbortSignal) => ({ configurable: { thread_id: id }, durability: 'sync' as const, ...(signal ? { signal } : {}) });

export class Conversations implements ConversationPort {
  /** one turn at a time per conversation in this process (a channel may deliver two at once) */
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly storeTurnSql: string;

  private constructor(
    private readonly deps: AgentDeps,
    readonly graph: ConversationGraph,
    readonly approvals: ApprovalGraph,
    private readonly turnsFirst: TurnsFirst,
    private readonly saver: BatchedPostgresSaver,
  ) {
    this.storeTurnSql = storeTurnSql(saver);
  }

  static async create(deps: AgentDeps): Promise<Conversations> {
    const saver = new BatchedPostgresSaver(deps.db.pool, CHECKPOINT_SCHEMA, deps.db.kind === 'postgres');
    await saver.setup();
    const approvals = buildApprovalGraph(deps.db, deps.clock, saver);
    const turnsFirst = new TurnsFirst();
    const graph = buildConversationGraph({ ...deps, chat: deps.chat ?? null, startApproval: (id) => startApproval(approvals, id), turnsFirst: () => turnsFirst.quiet(), oneAtATime: (work) => turnsFirst.oneAtATime(work) }, saver);
    return new Conversations(deps, graph, approvals, turnsFirst, saver);
  }

  private serial<T>(conversationId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(conversationId) ?? Promise.resolve();
    const next = prev.catch(() => {}).then(fn);
    this.queues.set(conversationId, next);
    void next.finally(() => this.queues.get(conversationId) === next && this.queues.delete(conversationId)).catch(() => {});
    return next;
  }

  async open(input: OpenInput): Promise<{ openingLine: string }> {
    const o = OpenInput.parse(input);
    return this.serial(o.conversationId, async () => {
      // one statement: the contact's account, and the conversation unless it exists
      const { rows } = await this.deps.db.query<{ account_id: string | null; created: boolean }>(
        `WITH c AS (SELECT account_id FROM contacts WHERE id = $3),
              ins AS (INSERT INTO conversations (id, account_id, contact_id, channel, play, direction, handled_by, lang, status, started_at, source, created_at)
                      SELECT $1, c.account_id, $3, $4, $5, 'outbound', 'agent', $6, 'open', $2, 'agent', $2 FROM c
                      ON CONFLICT (id) DO NOTHING RETURNING id)
         SELECT (SELECT account_id FROM c) AS account_id, EXISTS (SELECT 1 FROM ins) AS created`,
        [o.conversationId, this.deps.clock.now(), o.contactId, o.channel, o.play, o.lang],
      );
      if (!rows[0]?.account_id) throw new TenureError('not_found', `Contact ${o.contactId} does not exist`);
      // opened before (a retried open): say the same opening line again
      if (!rows[0].created) {
        const state = await this.graph.getState(thread(o.conversationId));
        if (state.values.opening) return { openingLine: state.values.opening as string };
      }
      // one checkpoint at the end, not one per step: opening is one node whose only write (turn 0)
      // is keyed, so an open cut short is simply run again by the next open()
      const out = await this.graph.invoke(
        { conversationId: o.conversationId, contactId: o.contactId, play: o.play, channel: o.channel, lang: o.lang },
        { ...thread(o.conversationId), durability: 'exit' },
      );
      return { openingLine: out.opening };
    });
  }

  /** Stores the turn (once per eventId) before anything is said, then streams the agent's answer. */
  async *customerTurn(input: CustomerTurnInput, signal: AbortSignal): AsyncIterable<AgentEvent> {
    const t = CustomerTurnInput.parse(input);
    const events: AgentEvent[] = [];
    let wake: (() => void) | null = null;
    let finished = false;
    let failure: unknown = null;
    const push = (e: AgentEvent) => {
      events.push(e);
      wake?.();
    };
    const work = this.serial(t.conversationId, () => this.answer(t, signal, push))
      .catch((e: unknown) => void (failure = e))
      .finally(() => {
        finished = true;
        wake?.();
      });
    while (true) {
      if (events.length) {
        yield events.shift()!;
        continue;
      }
      if (finished) break;
      await new Promise<void>((r) => (wake = r));
      wake = null;
    }
    await work;
    if (failure) throw failure;
  }

  private async answer(t: CustomerTurnInput, signal: AbortSignal, push: (e: AgentEvent) => void): Promise<void> {
    // waiting for its first word from here: work that can wait (wrap-ups) lets this turn go first
    const answered = this.turnsFirst.begin();
    try {
      await this.answerTurn(t, signal, (e) => {
        if (e.type === 'token') answered();
        push(e);
      });
    } finally {
      answered();
    }
  }

  private async answerTurn(t: CustomerTurnInput, signal: AbortSignal, push: (e: AgentEvent) => void): Promise<void> {
    // one statement (storeTurnSql) makes the turn durable before anything is said; two turns racing
    // from two processes collide on the primary key and the later one is retried
    const store = () =>
      this.deps.db.query<{ status: string | null; seq: number | null; unheard: Unheard | null } & Partial<CheckpointRow>>(
        namedOn(this.deps.db, 'tenure_turn_store', this.storeTurnSql),
        [t.conversationId, t.text, t.lang ?? null, t.at, t.eventId],
      );
    const stored = (await store().catch((e: { code?: string }) => (e.code === '23505' ? store() : Promise.reject(e)))).rows[0]!;
    if (stored.status === null) throw new TenureError('not_found', `Conversation ${t.conversationId} does not exist`);
    // a turn after the end, or a re-delivery of one already answered (the graph routes it nowhere)
    if (stored.status !== 'open' || stored.seq === null) return push({ type: 'turn_end' });
    // durability "exit": the checkpoint is written once the run ends; a run cut short is replayed
    // from the turns table, whose writes are keyed so that nothing is stored twice. The unheard
    // turns travel in the run's config, not its state: a hint, never checkpointed; so does the
    // record of which turns' words this run said (a node retried after speaking does not repeat them).
    const run = { ...thread(t.conversationId, signal), durability: 'exit' as const, streamMode: 'custom' as const };
    const { checkpoint, checkpoint_id, parent_checkpoint_id, metadata, channel_values, pending_writes } = stored;
    const ahead: ReadAhead = {
      row: checkpoint && checkpoint_id ? { checkpoint, checkpoint_id, parent_checkpoint_id: parent_checkpoint_id ?? null, metadata: metadata ?? {}, channel_values: channel_values!, pending_writes: pending_writes! } : null,
      taken: false,
    };
    // straight to respond (a Command input): the START edge would cost a step of its own
    const stream = await this.graph.stream(new Command({ goto: 'respond', update: { deliveredSeq: stored.seq } }), { ...run, configurable: { ...run.configurable, unheard: stored.unheard, said: new Set<number>(), [READ_AHEAD]: ahead } });
    // The end is the turn's last word (the respond node and its error handler emit it last): it goes
    // out at once, so a call hangs up without waiting for the wrap-up that follows in this run.
    let ended = false;
    for await (const chunk of stream) {
      const e = chunk as AgentEvent;
      if (ended) continue;
      if (e.type === 'end') {
        ended = true;
        push({ type: 'turn_end' });
      }
      push(e);
    }
    if (!ended) push({ type: 'turn_end' });
  }

  async interrupted(input: InterruptedInput): Promise<void> {
    const i = InterruptedInput.parse(input);
    await this.serial(i.conversationId, async () => {
      const { rows } = await this.deps.db.query<{ id: string }>(
        `UPDATE turns SET text = $2, interrupted = true WHERE conversation_id = $1
           AND seq = (SELECT max(seq) FROM turns WHERE conversation_id = $1 AND role = 'agent') RETURNING id`,
        [i.conversationId, i.heard],
      );
      const id = rows[0]?.id;
      if (!id) return;
      const state = await this.graph.getState(thread(i.conversationId));
      const lines = (state.values.lines as { turnId: string; text: string }[]).map((l) => (l.turnId === id ? { ...l, text: i.heard } : l));
      await this.graph.updateState(thread(i.conversationId), { lines }, 'open');
    });
  }

  /** A keypad digit is heard as a customer turn (an NPS score keyed in, a menu choice). */
  dtmf(input: DtmfInput): AsyncIterable<AgentEvent> {
    const d = DtmfInput.parse(input);
    return this.customerTurn({ conversationId: d.conversationId, eventId: `dtmf:${d.at}`, text: d.digit, at: d.at }, new AbortController().signal);
  }

  async channelClosed(input: ChannelClosedInput): Promise<void> {
    const c = ChannelClosedInput.parse(input);
    await this.serial(c.conversationId, async () => {
      const state = await this.graph.getState(thread(c.conversationId));
      if (!state.values.opening || state.values.wrapped) return;
      await this.graph.invoke({ closed: c.reason }, thread(c.conversationId));
    });
  }

  decideApproval(id: string, decision: Decision, by: string) {
    return decideApproval(this.deps.db, this.approvals, id, decision, by);
  }
}

/**
 * One statement makes a customer turn durable (autocommit) before anything is said: stored once per
 * event id, numbered after the last turn, and only while the conversation is open. It also returns
 * what the respond node would read next (the customer turns after the newest agent turn) and the
 * conversation's newest checkpoint (the row the run would read first), so a plain turn makes no
 * second trip for either. $1 conversation, $2 text, $3 lang, $4 at, $5 event id.
 */
function storeTurnSql(saver: BatchedPostgresSaver): string {
  return `WITH conv AS (SELECT status FROM conversations WHERE id = $1),
          saved AS (${saver.newestCheckpointSql('$1')}),
          ins AS (INSERT INTO turns (id, conversation_id, seq, role, text, lang, at, event_id)
                  SELECT $1 || '_t' || (coalesce(max(seq), -1) + 1), $1, coalesce(max(seq), -1) + 1, 'customer', $2, $3, $4, $5
                  FROM turns WHERE conversation_id = $1 HAVING (SELECT status FROM conv) = 'open'
                  ON CONFLICT (conversation_id, event_id) DO NOTHING RETURNING id, seq, text, lang),
          spoke AS (SELECT coalesce(max(seq), -1) AS seq FROM turns WHERE conversation_id = $1 AND role = 'agent'),
          -- this statement cannot see its own insert, so the new turn is added from ins
          newer AS (SELECT id, seq, text, lang FROM turns WHERE conversation_id = $1 AND role = 'customer' AND seq > (SELECT seq FROM spoke)
                    UNION ALL SELECT id, seq, text, lang FROM ins)
     SELECT (SELECT status FROM conv) AS status,
            -- the newest customer turn (a re-delivery may find a newer one unanswered after a crash)
            coalesce((SELECT seq FROM ins), (SELECT max(seq) FROM turns WHERE conversation_id = $1 AND role = 'customer')) AS seq,
            json_build_object('agentSeq', (SELECT seq FROM spoke),
                              'turns', coalesce((SELECT json_agg(newer ORDER BY seq) FROM newer), '[]'::json)) AS unheard,
            saved.checkpoint, saved.checkpoint_id, saved.parent_checkpoint_id, saved.metadata, saved.channel_values, saved.pending_writes
     FROM (SELECT 1) AS one LEFT JOIN saved ON true`;
}
