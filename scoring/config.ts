import { z } from 'zod';
import type { Clock } from '../db/clock';
import type { Queryable } from '../db/transaction';
import { TenureError, type FieldProblem } from '../server/errors';

// The score's configuration: which components weigh how much, and the zones. The presets below
// seed version 1; after that the database is the one home (score_config_versions), and every score
// row names the version it was computed with.

/** Every component a configuration may weigh; each is computed for every account (scoring/components.ts). */
export const Component = z.enum([
  // conversational preset
  'sentiment',
  'risk_phrases',
  'engagement',
  'support',
  'business',
  // classic preset
  'usage',
  'outcome',
  'relationship',
  'financial',
]);
export type Component = z.infer<typeof Component>;

export const PresetName = z.enum(['conversational', 'classic']);
export type PresetName = z.infer<typeof PresetName>;

export const ZoneName = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'a zone name is a lower-case id such as green or at_risk');

export const Zone = z.strictObject({
  name: ZoneName,
  /** the zone holds scores from min (inclusive) up to the next zone's min (exclusive); the top zone up to 100 */
  min: z.number().min(0).max(100),
  at_risk: z.boolean(),
  escalate: z.boolean(),
});
export type Zone = z.infer<typeof Zone>;

export interface ScoreConfig {
  preset: PresetName | 'custom';
  weights: Partial<Record<Component, number>>;
  /** highest first */
  zones: Zone[];
}

export interface StoredConfig extends ScoreConfig {
  version: number;
  created_at: Date;
  created_by: string;
}

export const PRESETS: Record<PresetName, ScoreConfig> = {
  conversational: {
    preset: 'conversational',
    weights: { sentiment: 0.25, risk_phrases: 0.25, engagement: 0.2, support: 0.15, business: 0.15 },
    zones: [
      { name: 'green', min: 80, at_risk: false, escalate: false },
      { name: 'yellow', min: 60, at_risk: false, escalate: false },
      { name: 'orange', min: 40, at_risk: true, escalate: false },
      { name: 'red', min: 0, at_risk: true, escalate: true },
    ],
  },
  classic: {
    preset: 'classic',
    weights: { usage: 0.35, outcome: 0.25, relationship: 0.25, financial: 0.15 },
    zones: [
      { name: 'green', min: 80, at_risk: false, escalate: false },
      { name: 'amber', min: 60, at_risk: true, escalate: false },
      { name: 'red', min: 0, at_risk: true, escalate: true },
    ],
  },
};
export const DEFAULT_PRESET: PresetName = 'conversational';

/** The body of PUT /v1/scoring/config: a preset alone, or weights and zones (a preset fills what is omitted). */
export const ConfigInput = z.strictObject({
  preset: PresetName.optional(),
  weights: z.record(z.string(), z.number().min(0).max(1)).optional(),
  zones: z.array(Zone).min(1).max(10).optional(),
});
export type ConfigInput = z.infer<typeof ConfigInput>;

const SUM_TOLERANCE = 1e-6;

/** Every problem with a configuration, each naming its field; empty when it is valid. */
export function configProblems(c: { weights: Record<string, number>; zones: Zone[] }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const known = new Set<string>(Component.options);
  for (const [name, w] of Object.entries(c.weights)) {
    if (!known.has(name)) problems.push({ field: `body.weights.${name}`, message: `unknown component '${name}'; known: ${Component.options.join(', ')}` });
    if (!Number.isFinite(w) || w < 0) problems.push({ field: `body.weights.${name}`, message: 'a weight is a number from 0 to 1' });
  }
  const sum = Object.values(c.weights).reduce((a, b) => a + b, 0);
  if (Object.keys(c.weights).length === 0) problems.push({ field: 'body.weights', message: 'at least one component needs a weight' });
  else if (Math.abs(sum - 1) > SUM_TOLERANCE) problems.push({ field: 'body.weights', message: `weights must sum to 1; these sum to ${+sum.toFixed(6)}` });
  const names = new Set<string>();
  c.zones.forEach((z, i) => {
    if (names.has(z.name)) problems.push({ field: `body.zones.${i}.name`, message: `zone '${z.name}' is named twice` });
    names.add(z.name);
    const prev = c.zones[i - 1];
    if (prev && z.min >= prev.min) {
      problems.push({
        field: `body.zones.${i}.min`,
        message: `zones overlap or are out of order: '${z.name}' starts at ${z.min}, not below '${prev.name}' at ${prev.min} (list zones from the highest, each [min, previous min))`,
      });
    }
  });
  const last = c.zones[c.zones.length - 1];
  if (last && last.min !== 0) problems.push({ field: `body.zones.${c.zones.length - 1}.min`, message: `the lowest zone must start at 0 so the zones cover 0–100; '${last.name}' starts at ${last.min}` });
  if (c.zones[0] && c.zones[0].min >= 100) problems.push({ field: 'body.zones.0.min', message: 'the top zone must start below 100' });
  return problems;
}

/** The configuration a PUT asks for, or a 400 naming every problem. */
export function resolveConfig(input: ConfigInput): ScoreConfig {
  const preset = input.preset ? PRESETS[input.preset] : null;
  if (!preset && (!input.weights || !input.zones)) {
    throw new TenureError('invalid_request', 'give a preset, or both weights and zones', [{ field: 'body', message: 'give a preset, or both weights and zones' }]);
  }
  const weights = input.weights ?? { ...preset!.weights };
  const zones = input.zones ?? preset!.zones;
  const problems = configProblems({ weights, zones });
  if (problems.length) throw new TenureError('invalid_request', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  const samePreset = preset && !input.weights && !input.zones;
  return { preset: samePreset ? preset.preset : 'custom', weights: weights as ScoreConfig['weights'], zones };
}

type Row = { version: number; preset: ScoreConfig['preset']; weights: ScoreConfig['weights']; zones: Zone[]; created_at: Date; created_by: string };
const COLUMNS = 'version, preset, weights, zones, created_at, created_by';

/**
 * The running configuration as one JSON value, or null before version 1 exists: a re-score reads it
 * in its measures statement instead of a statement of its own (see configFromJson).
 */
export const CURRENT_CONFIG_JSON = `(SELECT json_build_object(${COLUMNS.split(', ').map((c) => `'${c}', ${c}`).join(', ')}) FROM score_config_versions ORDER BY version DESC LIMIT 1)`;

/** A configuration read as CURRENT_CONFIG_JSON, as currentConfig returns it. */
export function configFromJson(j: Omit<Row, 'created_at'> & { created_at: string }): StoredConfig {
  return { ...j, created_at: new Date(j.created_at) };
}

/** The running configuration: the newest version; version 1 (the default preset) is written on first use. */
export async function currentConfig(db: Queryable, clock: Clock): Promise<StoredConfig> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM score_config_versions ORDER BY version DESC LIMIT 1`);
  if (rows[0]) return rows[0];
  const seed = PRESETS[DEFAULT_PRESET];
  await db.query(
    `INSERT INTO score_config_versions (version, preset, weights, zones, created_at, created_by) VALUES (1, $1, $2, $3, $4, 'preset') ON CONFLICT (version) DO NOTHING`,
    [seed.preset, JSON.stringify(seed.weights), JSON.stringify(seed.zones), clock.now()],
  );
  return (await db.query<Row>(`SELECT ${COLUMNS} FROM score_config_versions WHERE version = 1`)).rows[0]!;
}

export async function configVersion(db: Queryable, version: number): Promise<StoredConfig | null> {
  return (await db.query<Row>(`SELECT ${COLUMNS} FROM score_config_versions WHERE version = $1`, [version])).rows[0] ?? null;
}

/** Stores a new version (callers validated it with resolveConfig) and returns it. */
export async function saveConfig(tx: Queryable & { inTransaction: true }, clock: Clock, config: ScoreConfig, by: string): Promise<StoredConfig> {
  await currentConfig(tx, clock);
  // the lock makes concurrent PUTs take consecutive versions instead of failing on the key
  await tx.query('LOCK TABLE score_config_versions IN EXCLUSIVE MODE');
  const { rows } = await tx.query<Row>(
    `INSERT INTO score_config_versions (version, preset, weights, zones, created_at, created_by)
     SELECT coalesce(max(version), 0) + 1, $1, $2, $3, $4, $5 FROM score_config_versions RETURNING ${COLUMNS}`,
    [config.preset, JSON.stringify(config.weights), JSON.stringify(config.zones), clock.now(), by],
  );
  return rows[0]!;
}

/** The zone a score falls in: the first (highest) zone whose min it reaches. */
export function zoneOf(score: number, zones: readonly Zone[]): Zone {
  return zones.find((z) => score >= z.min) ?? zones[zones.length - 1]!;
}
