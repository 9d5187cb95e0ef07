export * from './contract';
export { matchOptOut } from './opt-out';
export { suppress, isSuppressed, liftOptOut } from './suppress';
export { evaluate, outreachPolicy, policySettings, type EvaluateOptions } from './evaluate';
export { decide, type Facts, type Attempt, type Request as PolicyRequest } from './decide';
export { countryRules, CAPS, DEFAULT_SETTINGS, type PolicySettings } from './rules';
export { whereabouts, whereaboutsOfPhone, phoneCountry } from './zones';
export { isPublicHoliday, localTime, easter } from './calendar';
