import { Redactor } from '../agent/models/redact';
import type { Role } from '../server/roles';

// What a role may read of the customers' words (CONTRACTS.md section 10): product sees transcripts
// and verbatims with phone numbers, emails and payment details replaced by placeholders; the others
// see them whole. The finding itself is agent/models/redact.ts, the one home of PII redaction.

export type Reveal = (text: string, lang?: string | null) => string;

export function revealFor(role: Role): Reveal {
  if (role !== 'product') return (text) => text;
  const redactor = new Redactor();
  return (text, lang) => redactor.redact(text, lang ?? undefined);
}
