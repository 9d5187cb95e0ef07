import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redactor, ibanValid, luhnValid } from '../../../agent/models';
import { remoteProvider } from '../../fakes/remote';
import { schemaName, sentData, startChatServer, type ChatServer } from '../../fakes/chat-server';

// Generated Luhn-valid cards, IBANs with their checksum, E.164 numbers and emails at random places
// in customer words: none reaches any request body the local server received, and the answer the
// model gives in placeholders comes back with the original values.

function luhnDigit(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return String(d);
  throw new Error('unreachable');
}

const card = fc
  .tuple(fc.constantFrom('4', '51', '37', '6011', '35'), fc.integer({ min: 13, max: 19 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 19, maxLength: 19 }), fc.constantFrom('', ' ', '-'))
  .map(([prefix, length, digits, sep]) => {
    const body = (prefix + digits.join('')).slice(0, length - 1);
    const number = body + luhnDigit(body);
    return sep ? number.match(/.{1,4}/g)!.join(sep) : number;
  });

// Country, BBAN length and whether its bank code has letters (GB, NL), as ISO 13616 defines them.
const IBAN_FORMATS: [string, number, number][] = [['FR', 23, 0], ['DE', 18, 0], ['GB', 18, 4], ['ES', 20, 0], ['NL', 14, 4], ['IT', 23, 1], ['BE', 12, 0]];
function mod97(s: string): number {
  let rem = 0;
  for (const ch of s) {
    const v = ch >= 'A' ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    rem = v >= 10 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
  }
  return rem;
}
const iban = fc
  .tuple(fc.constantFrom(...IBAN_FORMATS), fc.array(fc.integer({ min: 0, max: 35 }), { minLength: 30, maxLength: 30 }), fc.boolean())
  .map(([[country, length, letters], draws, grouped]) => {
    const bban = draws
      .slice(0, length)
      .map((d, i) => (i < letters ? String.fromCharCode(65 + (d % 26)) : String(d % 10)))
      .join('');
    const check = String(98 - mod97(bban + country + '00')).padStart(2, '0');
    const compact = country + check + bban;
    return grouped ? compact.match(/.{1,4}/g)!.join(' ') : compact;
  });

const e164 = fc.tuple(fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 6, maxLength: 14 })).map(([first, rest]) => `+${first}${rest.join('')}`);

const words = fc.array(
  fc.oneof(
    fc.constantFrom('the', 'price', 'is', 'too', 'high', 'cher', 'trop', 'слишком', 'дорого', 'call', 'me', 'at', 'or', 'pay', 'with', 'merci', 'OK', 'we', 'left', 'since', '2024', '12', 'invoice'),
    fc.stringMatching(/^[a-zà-ÿ]{1,9}[.,!?]?$/),
  ),
  { minLength: 0, maxLength: 25 },
);

const pii = fc.array(fc.oneof(card.map((v) => ({ kind: 'card', v })), iban.map((v) => ({ kind: 'iban', v })), e164.map((v) => ({ kind: 'phone', v })), fc.emailAddress().map((v) => ({ kind: 'email', v }))), { minLength: 1, maxLength: 5 });

/** The values placed at random positions among the words, separated by spaces. */
const message = fc.tuple(words, pii, fc.array(fc.nat(), { minLength: 5, maxLength: 5 })).map(([ws, values, at]) => {
  const parts = [...ws];
  values.forEach((p, i) => parts.splice(at[i]! % (parts.length + 1), 0, p.v));
  return { text: parts.join(' '), values };
});

let server: ChatServer;
beforeAll(async () => {
  // the model answers in the words it was sent: the whole customer turn as the quote
  server = await startChatServer((req) => {
    const data = sentData(req) as { turn?: string; turns?: { text: string }[] };
    if (schemaName(req) === 'turn_analysis') {
      return { json: { sentiment: { score: -0.5, label: 'negative' }, risks: [{ family: 'price', quote: data.turn!, confidence: 0.8 }], competitors: [], features: [], formality: 'neutral', cancellation_intent: false } };
    }
    const quote = data.turns!.at(-1)!.text;
    return { json: { stated: true, category: 'price', quote, detail: `Customer wrote: ${quote}`, competitor: null, feature: null, voluntary: true, sentiment: 'negative', confidence: 0.9 } };
  });
});
afterAll(async () => {
  await server.close();
});

describe('PII redaction', () => {
  it('the generators make valid numbers (else the property would prove nothing)', () => {
    fc.assert(fc.property(card, (c) => luhnValid(c.replace(/\D/g, ''))));
    fc.assert(fc.property(iban, (i) => ibanValid(i)));
  });

  it('restore(redact(text)) gives back the text, and no value survives redaction', () => {
    fc.assert(
      fc.property(message, ({ text, values }) => {
        const r = new Redactor();
        const sent = r.redact(text);
        for (const { v } of values) expect(sent).not.toContain(v);
        for (const { kind, v } of values) if (kind === 'card' || kind === 'iban') expect(sent.replace(/[\s-]/g, '')).not.toContain(v.replace(/[\s-]/g, ''));
        expect(r.restore(sent)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('none reaches a request body, and the answer comes back with the original values', async () => {
    const provider = remoteProvider(server.url);
    await fc.assert(
      fc.asyncProperty(message, async ({ text, values }) => {
        server.requests.length = 0;
        const turn = await provider.analyzeTurnOutcome(text, 'en');
        const reason = await provider.extractReasonOutcome({ conversation_id: 'conv_p', turns: [{ id: 'turn_1', speaker: 'agent', text: 'How can I help?' }, { id: 'turn_2', speaker: 'customer', text }] });
        const bodies = server.requests.map((b) => JSON.stringify(b)).join('\n');
        expect(server.requests).toHaveLength(2);
        for (const { v } of values) expect(bodies).not.toContain(JSON.stringify(v).slice(1, -1));
        expect(reason.provider).toBe('openai');
        for (const { v } of values) {
          // a verbatim runs from the first letter or digit to the last (a leading "+" is not in it)
          const core = v.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
          expect(reason.value!.verbatim).toContain(core);
          expect(turn.value.risks[0]!.text).toContain(core);
          expect(reason.value!.detail).toContain(v);
        }
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});
