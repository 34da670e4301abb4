import { readFileSync } from 'node:fs';
import type { DagInput } from '@flow/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import { baseNameOfType, emptyDoc, fromConfig, nodeOfProblem, toConfig, uniqueName } from './model';
import { createEditorStore, selectGraph } from './store';
import { validateGraph } from './validation';
import { builtinCatalog } from '@flow/shared';

const useDesigner = createEditorStore();

const fixture = JSON.parse(
  readFileSync(new URL('../../../../../e2e/fixtures/import-dag.json', import.meta.url), 'utf8'),
) as DagInput;
const sample = JSON.parse(
  readFileSync(new URL('../../../../../samples/dags/orders_enrich.json', import.meta.url), 'utf8'),
) as DagInput;

const mem = { kind: 'subscriber', type: 'mem', defaults: { max_depth: 10_000 } } as const;
const add = { kind: 'calculator', type: 'AdditionCalculator', defaults: {} } as const;
const out = { kind: 'publisher', type: 'mem', defaults: { batch_size: 1 } } as const;

describe('fromConfig and toConfig', () => {
  it('give back the same config, keys and order included', () => {
    const exported = toConfig(fromConfig(fixture));
    expect(exported).toEqual(fixture);
    expect(Object.keys(exported)).toEqual(Object.keys(fixture));
  });

  it('keep replicas through a save (issue 16)', () => {
    const withReplicas = { ...fixture, replicas: 3 };
    expect(toConfig(fromConfig(withReplicas)).replicas).toBe(3);
  });

  it('export a config without positions as it came while the laid-out nodes stay put', () => {
    const { ui: _ui, ...bare } = sample as DagInput & { ui?: unknown };
    const graph = fromConfig(bare);
    const laidOut = Object.fromEntries(graph.nodes.map((n, i) => [n.id, { x: i * 240.4, y: 7 }]));
    const nodes = graph.nodes.map((n) => ({ ...n, position: laidOut[n.id]! }));
    const loaded = { ...graph, doc: { ...graph.doc, laidOut }, nodes };
    expect(toConfig(loaded, { export: true })).toEqual(bare);
    // A save keeps the layout; so does an export once a node has moved.
    expect(toConfig(loaded).ui).toMatchObject({ positions: { [nodes[0]!.id]: { x: 0, y: 7 } } });
    const moved = {
      ...loaded,
      nodes: nodes.map((n, i) => (i ? n : { ...n, position: { x: 5, y: 5 } })),
    };
    const ui = toConfig(moved, { export: true }).ui as { positions: Record<string, unknown> };
    expect(Object.keys(ui.positions)).toHaveLength(nodes.length);
  });

  it('places nodes named constructor and toString by their own positions only (finding 17)', () => {
    const config = {
      name: 'proto_names',
      nodes: [
        { name: 'constructor', type: 'MetronomeNode', config: { interval_ms: 5 } },
        { name: 'toString', type: 'MetronomeNode', config: { interval_ms: 5 } },
      ],
      ui: { positions: { toString: { x: 3, y: 4 } } },
    } as DagInput;
    const graph = fromConfig(config);
    expect(graph.positioned).toBe(false);
    expect(graph.nodes.map((n) => n.position)).toEqual([
      { x: 0, y: 0 },
      { x: 3, y: 4 },
    ]);
    expect(validateGraph(graph, builtinCatalog)).toEqual([]);
  });

  it('says whether every node had a position', () => {
    expect(fromConfig(fixture).positioned).toBe(true);
    const { ui: _ui, ...bare } = fixture;
    expect(fromConfig(bare).positioned).toBe(false);
  });
});

describe('names', () => {
  it('makes unique names from types', () => {
    expect(baseNameOfType('AttributeNameChangeCalculator')).toBe('attribute_name_change');
    expect(baseNameOfType('ApplyDefaultsDataTransformer')).toBe('apply_defaults');
    expect(uniqueName('add', new Set(['add', 'add_2']))).toBe('add_3');
    expect(uniqueName('9', new Set())).toBe('n_9');
  });

  it('finds the node a problem is about', () => {
    const graph = fromConfig(fixture);
    expect(nodeOfProblem(['calculators', 1, 'config', 'name_mapping'], graph)).toBe('ren');
    expect(nodeOfProblem(['subscribers', 0, 'config', 'source'], graph)).toBe('src');
    expect(nodeOfProblem(['nodes', 3, 'config'], graph)).toBe('sink');
    expect(nodeOfProblem(['transformers', 0], graph)).toBe('add');
    expect(nodeOfProblem(['timezone'], graph)).toBeUndefined();
  });
});

describe('the designer store', () => {
  beforeEach(() => useDesigner.getState().load({ doc: emptyDoc('t'), nodes: [], edges: [] }));

  function drawSum() {
    const s = useDesigner.getState();
    const a = s.addFromPalette(mem, { x: 0, y: 0 });
    const b = s.addFromPalette(add, { x: 200, y: 0 });
    const c = s.addFromPalette(out, { x: 400, y: 0 });
    s.connect({ source: a, target: b, sourceHandle: null, targetHandle: null });
    s.connect({ source: b, target: c, sourceHandle: null, targetHandle: null });
    return [a, b, c] as const;
  }

  it('creates nodes with their components and working defaults', () => {
    const [a, b, c] = drawSum();
    expect([a, b, c]).toEqual(['mem_in', 'addition', 'mem_out']);
    const config = toConfig(selectGraph(useDesigner.getState()));
    expect(config.subscribers).toEqual([
      { name: 'mem_in', config: { max_depth: 10_000, source: 'mem://queue/mem_in' } },
    ]);
    expect(config.edges).toEqual([
      { from: 'mem_in', to: 'addition' },
      { from: 'addition', to: 'mem_out' },
    ]);
    // The only problem: the calculator's required arguments.
    const problems = validateGraph(selectGraph(useDesigner.getState()), builtinCatalog);
    expect(problems.map((p) => p.path)).toEqual(['$.calculators[0].config.arguments']);
  });

  it('deletes a node with its edges and components, and undo/redo bring them back and forth', () => {
    drawSum();
    const s = useDesigner.getState();
    s.selectOnly('addition');
    s.deleteSelection();
    let config = toConfig(selectGraph(useDesigner.getState()));
    expect(config.nodes.map((n) => n.name)).toEqual(['mem_in', 'mem_out']);
    expect(config.edges).toEqual([]);
    expect(config.calculators).toEqual([]);
    useDesigner.getState().undo();
    config = toConfig(selectGraph(useDesigner.getState()));
    expect(config.nodes.map((n) => n.name)).toEqual(['mem_in', 'addition', 'mem_out']);
    expect(config.edges).toHaveLength(2);
    useDesigner.getState().redo();
    expect(useDesigner.getState().nodes.map((n) => n.id)).toEqual(['mem_in', 'mem_out']);
  });

  it('pastes copies under new names, with their own components and inner edges', () => {
    drawSum();
    const s = useDesigner.getState();
    s.selectAll();
    expect(s.copySelection()).toBe(3);
    expect(useDesigner.getState().paste()).toBe(3);
    const config = toConfig(selectGraph(useDesigner.getState()));
    expect(config.nodes.map((n) => n.name)).toEqual([
      'mem_in',
      'addition',
      'mem_out',
      'mem_in_copy',
      'addition_copy',
      'mem_out_copy',
    ]);
    expect(config.edges).toContainEqual({ from: 'mem_in_copy', to: 'addition_copy' });
    expect(config.nodes[3]).toMatchObject({ config: { subscriber: 'mem_in_copy' } });
    expect(config.subscribers?.map((c) => c.name)).toEqual(['mem_in', 'mem_in_copy']);
  });

  it('follows a node rename into edges, and a component rename into nodes', () => {
    drawSum();
    const s = useDesigner.getState();
    s.renameNode('addition', 'sum_ab');
    useDesigner.getState().updateComponent('calculators', 'addition', {
      name: 'adder',
      type: 'AdditionCalculator',
      config: { arguments: ['a', 'b'] },
    });
    const config = toConfig(selectGraph(useDesigner.getState()));
    expect(config.edges).toEqual([
      { from: 'mem_in', to: 'sum_ab' },
      { from: 'sum_ab', to: 'mem_out' },
    ]);
    expect(config.nodes[1]).toMatchObject({ name: 'sum_ab', config: { calculator: 'adder' } });
    expect(validateGraph(selectGraph(useDesigner.getState()), builtinCatalog)).toEqual([]);
  });

  it('follows a transformer rename into node input/output transformers and edges', () => {
    const [, calc, sink] = drawSum();
    const s = useDesigner.getState();
    const t = s.addTransformer('PassthruDataTransformer', {});
    const at = (name: string) => useDesigner.getState().nodes.find((n) => n.id === name)!;
    const calcSpec = at(calc).data.spec;
    const sinkSpec = at(sink).data.spec;
    if (calcSpec.type !== 'CalculationNode' || sinkSpec.type !== 'PublicationNode')
      throw new Error('unexpected node types');
    s.updateNode(calc, {
      ...calcSpec,
      config: { ...calcSpec.config, input_transformers: [t], output_transformers: [t] },
    });
    s.updateNode(sink, { ...sinkSpec, config: { ...sinkSpec.config, input_transformers: [t] } });
    s.setEdgeTransformer(useDesigner.getState().edges[0]!.id, t);
    const source = at('mem_in');
    useDesigner.getState().updateComponent('transformers', t, {
      name: 'renamed',
      type: 'PassthruDataTransformer',
      config: {},
    });
    const config = toConfig(selectGraph(useDesigner.getState()));
    expect(config.nodes[1]).toMatchObject({
      config: { input_transformers: ['renamed'], output_transformers: ['renamed'] },
    });
    expect(config.nodes[2]).toMatchObject({ config: { input_transformers: ['renamed'] } });
    expect(config.edges?.[0]).toMatchObject({ transformer: 'renamed' });
    // A node that does not use it is left as it was.
    expect(at('mem_in')).toBe(source);
    expect(validateGraph(selectGraph(useDesigner.getState()), builtinCatalog)).toEqual([
      expect.objectContaining({ code: 'missing' }),
    ]);
  });

  it('puts a transformer on an edge and takes it off', () => {
    drawSum();
    const s = useDesigner.getState();
    const t = s.addTransformer('AttributeFilterAwayDataTransformer', {});
    const edge = useDesigner.getState().edges[0]!;
    useDesigner.getState().setEdgeTransformer(edge.id, t);
    expect(toConfig(selectGraph(useDesigner.getState())).edges?.[0]).toEqual({
      from: 'mem_in',
      to: 'addition',
      transformer: 'attribute_filter_away',
    });
    useDesigner.getState().setEdgeTransformer(edge.id, undefined);
    expect(toConfig(selectGraph(useDesigner.getState())).edges?.[0]).toEqual({
      from: 'mem_in',
      to: 'addition',
    });
  });
});
