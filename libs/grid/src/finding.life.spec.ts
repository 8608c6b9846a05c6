import { fold } from '#core';
import { contextAt, GRID, patrolReport, UNIT } from './testing/finding-fixtures.js';
import type { FindingCommand } from './finding.commands.js';
import { findingDecider } from './finding.decider.js';
import type { Finding, FindingEvent } from './finding.events.js';

/** Runs commands at the given hours, each on the state the earlier ones left. */
function run(steps: readonly (readonly [number, FindingCommand])[]): FindingEvent[] {
  const events: FindingEvent[] = [];
  for (const [hours, command] of steps) {
    events.push(...findingDecider.decide(command, fold(findingDecider, events), contextAt(hours)));
  }
  return events;
}

describe('a finding from report to close', () => {
  it('walks report → file → dispatch → handled → failed check → rework → handled → passed check → closed', () => {
    const feedback: FindingCommand = { type: 'MarkHandled', data: { note: '已劝离', photos: ['after'] } };
    const check = (passed: boolean): FindingCommand => ({
      type: 'CheckFinding',
      data: { passed, note: passed ? '已整改' : '摊贩又回来了', photos: ['check'], inspectorGridIds: [GRID] },
    });
    const events = run([
      [0, { type: 'ReportFinding', data: patrolReport }],
      [0.5, { type: 'FileFinding', data: {} }],
      [1, { type: 'DispatchFinding', data: { unitId: UNIT } }],
      [2, feedback],
      [3, check(false)],
      [4, feedback],
      [5, check(true)],
    ]);
    expect(events.map((e) => e.type)).toEqual([
      'FindingReported',
      'FindingFiled',
      'FindingDispatched',
      'FindingHandled',
      'FindingChecked',
      'FindingReworkStarted',
      'FindingHandled',
      'FindingChecked',
      'FindingClosed',
    ]);
    const finding = fold(findingDecider, events) as Finding;
    expect(finding).toMatchObject({
      status: 'closed',
      counts: { reworks: 1, returns: 0 },
      closedAt: contextAt(5).now.toISOString(),
    });
    const reworkFeedback = events[6];
    expect(reworkFeedback?.type === 'FindingHandled' && reworkFeedback.data.stage).toBe('rework');
    expect(events.at(-1)).toEqual({
      type: 'FindingClosed',
      data: { via: 'check', at: contextAt(5).now.toISOString(), onTime: true },
    });
  });

  it('closes a self-handled finding at once and counts it as self-handled', () => {
    const events = run([
      [0, { type: 'ReportFinding', data: { ...patrolReport, selfHandled: true, afterPhotos: ['after'] } }],
    ]);
    const finding = fold(findingDecider, events) as Finding;
    expect(finding).toMatchObject({ status: 'closed', selfHandled: true, deadlines: {} });
  });
});
