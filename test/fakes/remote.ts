import { modelSettings, type ClientOptions, type ModelSettings } from '../../agent/models/client';
import { RemoteUnderstanding } from '../../agent/models/understanding';
import { loadConfig } from '../../server/config';

/** The settings a user would get from OPENAI_BASE_URL pointing at `url`, with short waits for tests. */
export function testSettings(url: string, extra: Partial<ModelSettings> = {}): ModelSettings {
  const config = loadConfig({ OPENAI_BASE_URL: url, OPENAI_API_KEY: 'sk-test', OPENAI_MODEL: 'gpt-4o-mini', TENURE_DEMO: 'off' });
  return { ...modelSettings(config)!, backoffMs: 5, ...extra };
}

export function remoteProvider(url: string, extra: Partial<ModelSettings> = {}, options: ClientOptions = {}): RemoteUnderstanding {
  return new RemoteUnderstanding(testSettings(url, extra), options);
}
