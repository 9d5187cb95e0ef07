import type { ChurnCategory } from '../../agent/contracts/churn-reason';
import type { SentimentLabel } from '../../agent/contracts/common';
import type { EventKind } from '../events/registry';
import type { DemoLang } from './phrases';

// The generated company, before it is stored. Ids are assigned by the generator (through the id
// function it is given) so events can point at contacts and conversations in one pass.

export interface DemoMember {
  id: string;
  name: string;
  email: string;
  kind: 'manager' | 'account_owner';
  manager_id: string | null;
}

export interface DemoAccount {
  id: string;
  external_id: string;
  name: string;
  plan: string;
  seats: number;
  /** euros per month, today (for a churned account: when it left) */
  mrr: number;
  /** euros per month on the first day of the history */
  mrr_start: number;
  owner_id: string;
  country: string;
  time_zone: string;
  billing: 'monthly' | 'annual';
  pays_by: 'card' | 'transfer';
  stripe_customer_id: string;
  started_at: Date;
  renewal_date: string | null;
  churned_at: Date | null;
}

export interface DemoContact {
  id: string;
  external_id: string;
  account_id: string;
  name: string;
  email: string;
  phone: string;
  country: string;
  time_zone: string;
  language: 'en' | 'fr' | 'ru';
  role: 'main' | 'sponsor' | 'other';
  created_at: Date;
}

export interface DemoConsent {
  contact_id: string;
  channel: 'voice' | 'sms' | 'email';
  purpose: 'transactional' | 'service' | 'marketing';
  status: 'granted' | 'revoked';
  express_written: boolean;
  recorded_at: Date;
  evidence: string;
}

export interface DemoEvent {
  kind: EventKind;
  account_id: string;
  contact_id?: string;
  occurred_at: Date;
  payload: Record<string, unknown>;
}

export interface DemoTurn {
  id: string;
  role: 'agent' | 'customer';
  text: string;
  at: Date;
}

export interface DemoReason {
  /** index of the customer turn that holds the verbatim */
  turn: number;
  category: ChurnCategory;
  detail: string;
  verbatim: string;
  span: [number, number];
  competitor?: string;
  feature?: string;
  voluntary: boolean;
  sentiment: SentimentLabel;
}

export interface DemoConversation {
  id: string;
  account_id: string;
  contact_id: string;
  team_member_id: string;
  lang: DemoLang;
  topic: 'technical' | 'strategic' | 'other';
  started_at: Date;
  ended_at: Date;
  summary: string;
  turns: DemoTurn[];
  reason?: DemoReason;
}

/** What really happened: kept in demo_truth, never read by features, scores or models. */
export interface DemoTruth {
  account_id: string;
  /** may lie after the history ends: a latent churner, active today */
  churn_at: Date;
  onset_at: Date;
  reason: ChurnCategory;
  voluntary: boolean;
}

export interface DemoCompany {
  seed: number;
  /** the history covers [start, asOf) */
  start: Date;
  asOf: Date;
  members: DemoMember[];
  accounts: DemoAccount[];
  contacts: DemoContact[];
  consents: DemoConsent[];
  events: DemoEvent[];
  conversations: DemoConversation[];
  truth: DemoTruth[];
}
