// In-page instrumentation (plain JavaScript: tsx would add helpers to serialized functions).

export const PAGE_SCRIPT = String.raw`
(() => {
  const bench = (window.__bench = { open: [], openDone: false, frames: [], sampling: false, longTasks: [], mutations: 0 });
  // Open: every frame, count the canvas's nodes, the visible ones (React Flow hides a node until
  // it is measured) and those showing live data, and read the viewport; keep the changes.
  let last = '';
  const watchOpen = () => {
    if (bench.openDone) return;
    const dom = document.querySelectorAll('.react-flow__node');
    let visible = 0;
    for (const n of dom) if (n.style.visibility !== 'hidden') visible++;
    let live = document.querySelectorAll('.react-flow__node [data-testid^="live-"]').length;
    // The far-level canvas: the nodes its last paint showed, and those it showed live.
    const canvas = document.querySelector('[data-testid="far-canvas"]');
    const onCanvas = canvas ? Number(canvas.dataset.nodes || 0) : 0;
    if (canvas) live += Number(canvas.dataset.live || 0);
    const nodes = dom.length + onCanvas;
    visible += onCanvas;
    const viewport = document.querySelector('.react-flow__viewport');
    const transform = viewport ? viewport.style.transform : '';
    const key = nodes + '/' + visible + '/' + live + '/' + transform;
    if (key !== last) {
      last = key;
      const entry = { t: performance.now(), nodes, visible, live, transform, painted: 0 };
      bench.open.push(entry);
      // Runs after this frame's rendering: when what the frame shows has been painted.
      const channel = new MessageChannel();
      channel.port1.onmessage = () => (entry.painted = performance.now());
      channel.port2.postMessage(0);
    }
    requestAnimationFrame(watchOpen);
  };
  requestAnimationFrame(watchOpen);
  // Frames: the time between requestAnimationFrame callbacks while sampling.
  bench.startFrames = () => {
    bench.frames = [];
    bench.sampling = true;
    bench.mutations = 0;
    bench.phaseStart = performance.now();
    let previous;
    const tick = (t) => {
      if (!bench.sampling) return;
      if (previous !== undefined) bench.frames.push(t - previous);
      previous = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  };
  bench.stopFrames = () => {
    bench.sampling = false;
    const start = bench.phaseStart;
    const long = bench.longTasks.filter((l) => l.start >= start);
    return {
      frames: bench.frames,
      ms: performance.now() - start,
      mutations: bench.mutations,
      longTasks: long.length,
      longTaskMs: long.reduce((s, l) => s + l.duration, 0),
    };
  };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  // DOM mutations in the app while sampling: a measure of how much React commits.
  const observer = new MutationObserver((records) => {
    if (bench.sampling) bench.mutations += records.length;
  });
  const attach = () => {
    const root = document.getElementById('root');
    if (root) observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
    else setTimeout(attach, 10);
  };
  attach();
})();
`;
