import { namedOn } from '../../db/prepared';
import type { AgentEvent } from '../../agent/contracts/conversation-port';
import { suppress } from '../../agent/policy/suppress';
import type { VoiceDeps } from './deps';
import { out, parseRelayMessage, type RelayMessage, type RelayOut } from './messages';
import type { Leg } from './place';
import { relayLanguage, voiceText } from './texts';

// One ConversationRelay session: the frames of one WebSocket, driving the leg's conversation through
// the ConversationPort. Work is done one message at a time, in arrival order (a chain), so an
// interrupt is applied after the turn it cuts has been stored. Agent tokens go out as they come;
// the turn's end is an empty `text` with last:true. The stop key suppresses every channel and ends
// the call. A socket that closes before Tenure sent `end` is marked 'dropped': the turns said so far
// are already stored, and <Connect action> decides between reconnecting and closing (status.ts).

export interface SessionHooks {
  /** a prompt's arrival and the first text frame sent for it (the benchmark's added latency) */
  onFirstToken?(ms: number): void;
}

export class RelaySession {
  private chain: Promise<void> = Promise.resolve();
  private callSid = '';
  private sessionId = '';
  private turns = 0;
  private ended = false;
  private current: AbortController | null = null;
  private silence: NodeJS.Timeout | null = null;
  /** the socket closed: nothing more is said or timed on this session (a reconnect is a new one) */
  private gone = false;

  constructor(
    private readonly deps: VoiceDeps,
    private readonly leg: Leg,
    private readonly send: (m: RelayOut) => void,
    private readonly hangup: () => void,
    private readonly hooks: SessionHooks = {},
  ) {}

  receive(raw: string): void {
    const arrived = performance.now();
    const m = parseRelayMessage(raw);
    if (m.type === 'invalid') return this.deps.log.warn({ leg: this.leg.id, problem: m.problem }, 'relay: unreadable message ignored');
    if (m.type === 'error') return this.deps.log.warn({ leg: this.leg.id, description: m.description }, 'relay: error from Twilio');
    this.hush();
    this.chain = this.chain.then(() => this.handle(m, arrived)).catch((err: unknown) => this.failed(err));
  }

  private failed(err: unknown): void {
    // closed() cut short an answer nobody could hear any more: what was said is stored, nothing failed
    if (this.gone && (err as { name?: unknown } | null)?.name === 'AbortError') return this.deps.log.info({ leg: this.leg.id }, 'relay: the answer was cut short: the socket closed');
    this.deps.log.error({ err, leg: this.leg.id }, 'relay: message failed');
  }

  /** The socket closed: what was said is stored; without Tenure's `end` the session counts as dropped. */
  async closed(): Promise<void> {
    this.gone = true;
    this.hush();
    // Cut short only an answer nobody hears now. After Tenure's `end` (Twilio closes the socket at
    // once) the run still going is the conversation's wrap-up, which must finish in that run.
    if (!this.ended) this.current?.abort();
    await this.chain;
    if (!this.ended) await this.deps.db.query(namedOn(this.deps.db, 'tenure_relay_dropped', `UPDATE call_legs SET relay = 'dropped', updated_at = $2 WHERE id = $1 AND relay IS DISTINCT FROM 'ended'`), [this.leg.id, this.deps.clock.now()]);
  }

  /** Resolves when every message received so far has been handled. */
  settled(): Promise<void> {
    return this.chain;
  }

  private at(): string {
    return this.deps.clock.now().toISOString();
  }

  private async handle(m: Exclude<RelayMessage, { type: 'error' }>, arrived: number): Promise<void> {
    if (this.ended) return;
    const conversationId = this.leg.conversation_id;
    const agent = await this.deps.agent();
    switch (m.type) {
      case 'setup': {
        this.callSid = m.callSid;
        this.sessionId = m.sessionId;
        if (m.customParameters.conversationId && m.customParameters.conversationId !== conversationId) {
          this.deps.log.warn({ leg: this.leg.id, got: m.customParameters.conversationId }, 'relay: setup names another conversation; closing');
          this.ended = true;
          return this.hangup();
        }
        await this.deps.db.query(namedOn(this.deps.db, 'tenure_relay_connected', `UPDATE call_legs SET relay = 'connected', sid = coalesce(sid, $2), updated_at = $3 WHERE id = $1`), [this.leg.id, m.callSid, this.deps.clock.now()]);
        // the greeting is being spoken: the customer's silence is counted from now
        return this.listen();
      }
      case 'prompt': {
        // partial prompts (partialPrompts="true") are not turns
        if (!m.last || !m.voicePrompt.trim()) return;
        const turn = ++this.turns;
        const events = agent.customerTurn({ conversationId, eventId: `${this.callSid}:${this.sessionId}:${turn}`, text: m.voicePrompt, lang: m.lang ? m.lang.slice(0, 2) : undefined, at: this.at() }, this.signal());
        return this.speak(events, arrived);
      }
      case 'interrupt':
        return agent.interrupted({ conversationId, heard: m.utteranceUntilInterrupt, at: this.at() });
      case 'dtmf': {
        if (m.digit === this.deps.voice.stopKey) return this.optOut();
        if (!/^[0-9*#A-D]$/.test(m.digit)) return;
        return this.speak(agent.dtmf({ conversationId, digit: m.digit, at: this.at() }), arrived);
      }
    }
  }

  private signal(): AbortSignal {
    this.current = new AbortController();
    return this.current.signal;
  }

  private async speak(events: AsyncIterable<AgentEvent>, arrived: number): Promise<void> {
    let first = true;
    let end: Extract<AgentEvent, { type: 'end' }> | null = null;
    const emit = (m: RelayOut) => {
      if (first && m.type === 'text') {
        first = false;
        this.hooks.onFirstToken?.(performance.now() - arrived);
      }
      this.send(m);
    };
    for await (const e of events) {
      if (e.type === 'token') emit(out.text(e.text, false));
      else if (e.type === 'turn_end') emit(out.text('', true));
      else if (e.type === 'language') emit(out.language(relayLanguage(e.lang)));
      else if (!end) {
        // the agent's last word: the call ends now, while the conversation's wrap-up (which the
        // turn's events wait for) is still being written
        end = e;
        await this.end({ reasonCode: end.reason === 'handoff' ? 'live-agent-handoff' : end.reason, ...(end.handoff ?? {}) });
      }
    }
    if (!end) this.listen();
  }

  /** After the agent spoke, the customer has `silenceMs` to say something before the call ends as idle. */
  private listen(): void {
    this.hush();
    if (this.gone || this.ended) return;
    this.silence = setTimeout(() => {
      this.chain = this.chain.then(() => this.idle()).catch((err: unknown) => this.deps.log.error({ err, leg: this.leg.id }, 'relay: idle close failed'));
    }, this.deps.voice.silenceMs);
    this.silence.unref();
  }

  private hush(): void {
    if (this.silence) clearTimeout(this.silence);
    this.silence = null;
  }

  private async idle(): Promise<void> {
    if (this.ended || this.gone) return;
    this.send(out.text(voiceText('silence', this.leg.lang), true));
    const agent = await this.deps.agent();
    await agent.channelClosed({ conversationId: this.leg.conversation_id, reason: 'idle_timeout', at: this.at() });
    await this.end({ reasonCode: 'idle_timeout' });
  }

  private async end(handoff: Record<string, unknown>): Promise<void> {
    this.ended = true;
    await this.deps.db.query(namedOn(this.deps.db, 'tenure_relay_ended', `UPDATE call_legs SET relay = 'ended', handoff = $2, updated_at = $3 WHERE id = $1`), [this.leg.id, JSON.stringify(handoff), this.deps.clock.now()]);
    this.send(out.end(handoff));
  }

  /** The announced stop key: every channel suppressed before anything else is said, then goodbye. */
  private async optOut(): Promise<void> {
    await suppress(this.deps.db, this.deps.clock, { contactId: this.leg.contact_id, reason: 'opt_out_keyword', at: this.at() });
    this.send(out.text(voiceText('opted_out', this.leg.lang), true));
    const agent = await this.deps.agent();
    await agent.channelClosed({ conversationId: this.leg.conversation_id, reason: 'opted_out', at: this.at() });
    await this.end({ reasonCode: 'opted_out' });
  }
}
