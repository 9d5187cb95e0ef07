import { describe, expect, it } from 'vitest';
import { choosePlay, PLAY_PURPOSE, type AccountState } from '../../../agent/planner/plays';

// Which play fits which account: the play column of CONTRACTS.md section 4's mapping table,
// extended with the account's states.

const base: AccountState = { accountId: 'acc_1', status: 'active', scoreId: 's_1', zone: 'green', atRisk: false, families: [], dunningCaseId: null };

describe('choosing a play', () => {
  it.each([
    ['an open dunning case comes first, even for a cancelled account', { status: 'churned', dunningCaseId: 'dc_1' }, 'payment_recovery'],
    ['a cancelled account is won back', { status: 'churned', zone: 'red', atRisk: true, families: ['budget_pressure'] }, 'win_back'],
    ['at risk, disengaged: win-back (mapping table)', { zone: 'orange', atRisk: true, families: ['disengagement', 'budget_pressure'] }, 'win_back'],
    ['at risk, a competitor named: health check', { zone: 'red', atRisk: true, families: ['competitor_comparison'] }, 'health_check'],
    ['at risk, a payment problem: payment recovery', { zone: 'orange', atRisk: true, families: ['payment_problem'] }, 'payment_recovery'],
    ['at risk without a named signal: health check', { zone: 'orange', atRisk: true }, 'health_check'],
    ['healthy: ask for the NPS', {}, 'nps'],
    ['never scored: nothing', { zone: null }, null],
  ] as const)('%s', (_, over, play) => {
    expect(choosePlay({ ...base, ...over, families: [...((over as { families?: AccountState['families'] }).families ?? [])] }).play).toBe(play);
  });

  it('gives each play the purpose its consent and caps are counted under', () => {
    expect(PLAY_PURPOSE).toEqual({ win_back: 'marketing', payment_recovery: 'transactional', health_check: 'service', nps: 'service' });
  });
});
