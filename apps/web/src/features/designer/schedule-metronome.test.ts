import { builtinCatalog, type DagInput } from '@flow/shared';
import { describe, expect, it } from 'vitest';
import { fromConfig, toConfig } from './model';
import { daysOf, withDayToggled, withSchedule } from './schedule-edit';
import { createEditorStore, selectGraph } from './store';
import { validateGraph } from './validation';

/** A DAG with a metronome and a subscriber it may read, as a file would have it. */
const dag: DagInput = {
  name: 'clock',
  timezone: 'UTC',
  subscribers: [{ name: 'prices', config: { source: 'mem://queue/prices' } }],
  publishers: [{ name: 'out', config: { destination: 'mem://queue/out' } }],
  nodes: [
    { name: 'beat', type: 'MetronomeNode', config: { interval_ms: 1000 } },
    { name: 'pub', type: 'PublicationNode', config: { publishers: ['out'] } },
  ],
  edges: [{ from: 'beat', to: 'pub' }],
};

function loaded(config: DagInput = dag) {
  const store = createEditorStore();
  store.getState().load(fromConfig(config));
  return store;
}

const exported = (store: ReturnType<typeof createEditorStore>) =>
  toConfig(selectGraph(store.getState()), { export: true });

describe('the day toggles of a schedule', () => {
  it('switch a day on as mon…sun, Monday first, and off again', () => {
    let s = withDayToggled(undefined, 'days_of_week', 4);
    s = withDayToggled(s, 'days_of_week', 0);
    expect(s).toEqual({ days_of_week: ['mon', 'fri'] });
    expect(withDayToggled(s, 'days_of_week', 4)).toEqual({ days_of_week: ['mon'] });
  });

  it('keep the names a file spelled its way, and drop a name that is no day', () => {
    const s = { days_of_week: ['Tuesday', 'funday', 'MON'], timezone: 'UTC' };
    expect(daysOf(s.days_of_week)).toEqual([0, 1]);
    expect(withDayToggled(s, 'days_of_week', 6)).toEqual({
      days_of_week: ['MON', 'Tuesday', 'sun'],
      timezone: 'UTC',
    });
  });

  it('leave out a list once its last day is off, and the schedule once nothing is left', () => {
    const s = withDayToggled({ exclude_days_of_week: ['sat'] }, 'exclude_days_of_week', 5);
    expect(s).toBeUndefined();
    expect(withSchedule({ holiday_calendars: ['USA'] }, { holiday_calendars: [] })).toBeUndefined();
    expect(
      withSchedule({ holiday_calendars: ['USA'], timezone: 'UTC' }, { timezone: undefined }),
    ).toEqual({ holiday_calendars: ['USA'] });
  });
});

describe('the schedule in the designer', () => {
  it('is saved and exported as edited, and each edit is one undo step', () => {
    const store = loaded();
    const { updateDoc } = store.getState();
    for (const day of [0, 1, 2, 3, 4])
      updateDoc({ schedule: withDayToggled(store.getState().doc.schedule, 'days_of_week', day) });
    updateDoc({
      schedule: withSchedule(store.getState().doc.schedule, { holiday_calendars: ['USA'] }),
    });
    const schedule = {
      days_of_week: ['mon', 'tue', 'wed', 'thu', 'fri'],
      holiday_calendars: ['USA'],
    };
    expect(exported(store).schedule).toEqual(schedule);
    expect(Object.keys(exported(store))).toEqual([
      'name',
      'timezone',
      'schedule',
      'subscribers',
      'publishers',
      'nodes',
      'edges',
      'ui',
    ]);
    expect(validateGraph(selectGraph(store.getState()), builtinCatalog)).toEqual([]);

    store.getState().undo();
    expect(exported(store).schedule).toEqual({ days_of_week: schedule.days_of_week });
    store.getState().redo();
    expect(exported(store).schedule).toEqual(schedule);

    updateDoc({ schedule: undefined });
    expect(exported(store)).not.toHaveProperty('schedule');
    store.getState().undo();
    expect(exported(store).schedule).toEqual(schedule);
  });

  it("shows a problem of the schedule at the schedule's field", () => {
    const store = loaded({ ...dag, schedule: { timezone: 'America/New_York' } });
    const problems = validateGraph(selectGraph(store.getState()), builtinCatalog);
    expect(problems.map((p) => [p.segments, p.code])).toEqual([
      [['schedule', 'timezone'], 'conflicting_keys'],
    ]);
    store.getState().updateDoc({ timezone: 'America/New_York' });
    expect(validateGraph(selectGraph(store.getState()), builtinCatalog)).toEqual([]);
  });
});

describe("a metronome's emits and subscriber in the designer", () => {
  it('are exported, undone and redone', () => {
    const store = loaded();
    const beat = () => store.getState().nodes.find((n) => n.id === 'beat')!.data.spec;
    const { updateNode } = store.getState();
    const spec = beat();
    if (spec.type !== 'MetronomeNode') throw new Error('not a metronome');
    updateNode('beat', { ...spec, config: { ...spec.config, emits: 'metronome_tick' } });
    const withEmits = beat();
    if (withEmits.type !== 'MetronomeNode') throw new Error('not a metronome');
    updateNode('beat', { ...withEmits, config: { ...withEmits.config, subscriber: 'prices' } });

    expect(exported(store).nodes?.[0]).toEqual({
      name: 'beat',
      type: 'MetronomeNode',
      config: { interval_ms: 1000, emits: 'metronome_tick', subscriber: 'prices' },
    });
    expect(validateGraph(selectGraph(store.getState()), builtinCatalog)).toEqual([]);

    store.getState().undo();
    expect(exported(store).nodes?.[0]?.config).toEqual({
      interval_ms: 1000,
      emits: 'metronome_tick',
    });
    store.getState().undo();
    expect(exported(store).nodes?.[0]?.config).toEqual({ interval_ms: 1000 });
    store.getState().redo();
    store.getState().redo();
    expect(exported(store).nodes?.[0]?.config).toMatchObject({ subscriber: 'prices' });
  });

  it('a new subscriber of its own is added to the DAG and read by it, in one undo step', () => {
    const store = loaded();
    const mem = { type: 'mem', defaults: { max_depth: 100 }, address: 'mem://queue/{name}' };
    store.getState().addMetronomeSubscriber('beat', mem);
    const config = exported(store);
    expect(config.subscribers?.at(-1)).toEqual({
      name: 'beat_mem_in',
      config: { max_depth: 100, source: 'mem://queue/beat_mem_in' },
    });
    expect(config.nodes?.[0]?.config).toEqual({ interval_ms: 1000, subscriber: 'beat_mem_in' });
    expect(validateGraph(selectGraph(store.getState()), builtinCatalog)).toEqual([]);
    // Not a metronome: nothing changes.
    store.getState().addMetronomeSubscriber('pub', mem);
    expect(exported(store)).toEqual(config);
    store.getState().undo();
    expect(exported(store).subscribers).toEqual(dag.subscribers);
    expect(exported(store).nodes?.[0]?.config).toEqual({ interval_ms: 1000 });
  });

  it('a subscriber the DAG does not define is a problem at the node', () => {
    const store = loaded({
      ...dag,
      nodes: [
        { name: 'beat', type: 'MetronomeNode', config: { interval_ms: 1000, subscriber: 'gone' } },
        dag.nodes![1]!,
      ],
    });
    const problems = validateGraph(selectGraph(store.getState()), builtinCatalog);
    expect(problems.map((p) => [p.segments, p.code])).toEqual([
      [['nodes', 0, 'config', 'subscriber'], 'unknown_reference'],
    ]);
  });
});
