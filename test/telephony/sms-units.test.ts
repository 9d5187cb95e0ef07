import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InboundSms, StatusCallback } from '../../telephony/sms/params';
import { fitSegments, segmentsOf } from '../../telephony/sms/segments';
import { smsText } from '../../telephony/sms/texts';
import { loadPersonas } from '../../telephony/simulator/personas';

const golden = (name: string) => JSON.parse(fs.readFileSync(new URL(`../../telephony/simulator/golden/${name}.json`, import.meta.url), 'utf8'));

describe('SMS segments', () => {
  it('counts GSM-7 (extension characters twice) and UCS-2, single and concatenated', () => {
    expect(segmentsOf('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(segmentsOf('a'.repeat(161)).segments).toBe(2);
    expect(segmentsOf('a'.repeat(306)).segments).toBe(2);
    expect(segmentsOf('a'.repeat(307)).segments).toBe(3);
    expect(segmentsOf('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1 });
    // é è à are GSM-7; ê and ç are not, so one of them makes a French text UCS-2
    expect(segmentsOf('Réponse très détaillée à votre équipe').encoding).toBe('GSM-7');
    expect(segmentsOf('Vous êtes').encoding).toBe('UCS-2');
    expect(segmentsOf('Спасибо'.repeat(10))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(segmentsOf('Спасибо'.repeat(10) + '!').segments).toBe(2);
    expect(segmentsOf('👍').units).toBe(2);
  });

  it('cuts a long reply to 3 segments, keeping whole sentences and the closing question', () => {
    const en = `${'This is a long sentence about the product and its many parts. '.repeat(10)}What is the main reason for your score?`;
    const cut = fitSegments(en);
    expect(segmentsOf(cut).segments).toBeLessThanOrEqual(3);
    expect(cut.endsWith('What is the main reason for your score?')).toBe(true);
    const ru = `${'Мы ценим ваше мнение о продукте и команде. '.repeat(8)}Какова главная причина вашей оценки?`;
    const cutRu = fitSegments(ru);
    expect(segmentsOf(cutRu)).toMatchObject({ encoding: 'UCS-2' });
    expect(segmentsOf(cutRu).segments).toBeLessThanOrEqual(3);
    expect(cutRu.endsWith('Какова главная причина вашей оценки?')).toBe(true);
    const oneLong = 'word '.repeat(200).trim();
    expect(segmentsOf(fitSegments(oneLong)).segments).toBe(3);
    expect(fitSegments(oneLong).endsWith('…')).toBe(true);
    expect(fitSegments('Short and sweet.')).toBe('Short and sweet.');
  });

  it("telephony's own texts fit one or two segments in each language", () => {
    for (const lang of ['en', 'fr', 'ru']) for (const key of ['opted_out', 'opted_out_sms', 'help', 'opted_in'] as const) expect(segmentsOf(smsText(key, lang)).segments, `${lang} ${key}`).toBeLessThanOrEqual(2);
  });
});

describe('golden webhook fixtures', () => {
  it("Tenure's parsers accept Twilio's parameter names as the simulator sends them", () => {
    expect(InboundSms.parse(golden('inbound-sms'))).toMatchObject({ Body: 'STOP', From: '+12025550101' });
    expect(StatusCallback.parse(golden('status-callback'))).toMatchObject({ MessageStatus: 'undelivered', ErrorCode: '30003' });
    const { MessageSid: _, ...noSid } = golden('inbound-sms');
    expect(InboundSms.safeParse(noSid).success).toBe(false);
  });

  it('every persona file is valid and has its own phone', () => {
    const personas = loadPersonas();
    expect(personas.length).toBeGreaterThanOrEqual(8);
    expect(new Set(personas.map((p) => p.phone)).size).toBe(personas.length);
  });
});
