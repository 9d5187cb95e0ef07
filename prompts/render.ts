import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Play } from '../agent/contracts/common';

// Prompts are files: prompts/plays/<play>/v<N>.<lang>.md and prompts/common/v<N>.<lang>.md, each a
// list of `## key` sections. The offline dialogue says these lines; a remote model gets the play's
// goal and the common instructions as its system message. A conversation stores the version it
// ran (`nps/v1+common/v1`), so a changed prompt is a new file and old conversations stay readable.

const ROOT = path.dirname(fileURLToPath(import.meta.url));
export const PROMPT_LANGS = ['en', 'fr'] as const;
export type PromptLang = (typeof PROMPT_LANGS)[number];
const CURRENT: Record<Play | 'common', string> = { nps: 'v1', health_check: 'v1', win_back: 'v1', payment_recovery: 'v2', common: 'v1' };

export type Lines = Record<string, string>;

const cache = new Map<string, Lines>();

/** The `## key` sections of one prompt file, body lines joined by newlines, comments (`# …`) left out. */
export function parsePrompt(text: string): Lines {
  const lines: Lines = {};
  let key: string | null = null;
  for (const raw of text.split('\n')) {
    const head = /^## (\S+)\s*$/.exec(raw);
    if (head) {
      key = head[1]!;
      lines[key] = '';
    } else if (key && !raw.startsWith('# ')) {
      lines[key] = lines[key] ? `${lines[key]}\n${raw}` : raw;
    }
  }
  for (const k of Object.keys(lines)) lines[k] = lines[k]!.trim();
  return lines;
}

function load(dir: string, version: string, lang: PromptLang): Lines {
  const file = path.join(ROOT, dir, `${version}.${lang}.md`);
  let lines = cache.get(file);
  if (!lines) {
    lines = parsePrompt(fs.readFileSync(file, 'utf8'));
    cache.set(file, lines);
  }
  return lines;
}

/** The prompt language for a conversation language: French for fr-*, English otherwise. */
export function promptLang(lang: string): PromptLang {
  return lang.slice(0, 2) === 'fr' ? 'fr' : 'en';
}

export interface PlayPrompt {
  version: string;
  lang: PromptLang;
  lines: Lines;
}

/** A play's lines and the shared ones, in one language (the play's own win on a shared key). */
export function playPrompt(play: Play, lang: string, version?: string): PlayPrompt {
  const l = promptLang(lang);
  const [playVersion, commonVersion] = version ? parseVersion(version) : [CURRENT[play], CURRENT.common];
  return { version: `${play}/${playVersion}+common/${commonVersion}`, lang: l, lines: { ...load('common', commonVersion, l), ...load(path.join('plays', play), playVersion, l) } };
}

function parseVersion(version: string): [string, string] {
  const m = /^[a-z_]+\/(v\d+)\+common\/(v\d+)$/.exec(version);
  if (!m) throw new Error(`not a prompt version: ${version}`);
  return [m[1]!, m[2]!];
}

/** Fills `{{name}}` from vars; a variable the line needs and vars lack is an error, never blank words. */
export function fill(template: string, vars: Record<string, string | number | undefined>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const v = vars[name];
    if (v === undefined) throw new Error(`prompt variable {{${name}}} has no value`);
    return String(v);
  });
}

/** One line of a prompt, filled. */
export function say(prompt: PlayPrompt, key: string, vars: Record<string, string | number | undefined> = {}): string {
  const template = prompt.lines[key];
  if (template === undefined) throw new Error(`prompt ${prompt.version} (${prompt.lang}) has no line ${key}`);
  return fill(template, vars);
}

/** The system message a remote model gets: the play's goal, then the shared rules. */
export function instructions(prompt: PlayPrompt, context: string): string {
  return [prompt.lines.goal, prompt.lines.instructions, 'What Tenure knows about this account (do not ask for it again):', context].filter(Boolean).join('\n\n');
}
