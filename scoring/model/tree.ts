// One regression tree of a gradient-boosted model, grown leaf by leaf on pre-binned inputs:
// histograms of gradient and hessian sums per bin, the smaller child's histogram built from its rows
// and the larger child's obtained by subtraction from the parent's.

/** A tree as plain arrays, one entry per node; a leaf has feature −1. Rows with x[feature] ≤ threshold go left. */
export interface Tree {
  feature: number[];
  threshold: number[];
  bin: number[];
  left: number[];
  right: number[];
  /** the node's output (for a leaf, what it adds to the log-odds; for an inner node, the same for its rows, used by explanations) */
  value: number[];
}

export interface TreeParams {
  maxLeaves: number;
  minLeaf: number;
  l2: number;
  minHessian: number;
  learningRate: number;
}

/** The pre-binned training data: bins one input after another (input j's column at j·n), `edges` per input. */
export interface BinnedData {
  bins: Uint8Array;
  n: number;
  d: number;
  edges: number[][];
  /** binOffsets(edges) */
  offset: Int32Array;
}

export interface Split {
  gain: number;
  feature: number;
  bin: number;
  gLeft: number;
  hLeft: number;
  nLeft: number;
}

/** Histograms: for input j and bin b (k = offset[j] + b), the gradient sum at 3k, the hessian sum at 3k+1, the row count at 3k+2. */
export type Histogram = Float64Array;

/** Where each input's bins start in a histogram (inputs with few values take few slots); the last entry is the total. */
export function binOffsets(edges: number[][]): Int32Array {
  const offset = new Int32Array(edges.length + 1);
  for (let j = 0; j < edges.length; j++) offset[j + 1] = offset[j]! + edges[j]!.length + 1;
  return offset;
}

/**
 * Sums of gradients, hessians and rows of rows[start, end) in each bin of each input: one input at a
 * time, so its column is read in row order (the rows of a node are kept in ascending order) and its
 * histogram stays in the fastest cache. `gs`, `hs`: scratch space of at least end − start.
 */
export function buildHistogram(data: BinnedData, rows: Uint32Array, start: number, end: number, g: Float64Array, h: Float64Array, hist: Histogram, gs: Float64Array, hs: Float64Array): void {
  const { bins, n, d, offset } = data;
  const m = end - start;
  const mine = rows.subarray(start, end);
  let gAll = 0;
  let hAll = 0;
  for (let k = 0; k < m; k++) {
    const i = mine[k]!;
    gs[k] = g[i]!;
    hs[k] = h[i]!;
    gAll += gs[k]!;
    hAll += hs[k]!;
  }
  hist.fill(0);
  const column = (j: number) => bins.subarray(j * n, (j + 1) * n);
  const part = (j: number) => hist.subarray(3 * offset[j]!, 3 * offset[j + 1]!);
  const wide: number[] = [];
  for (let j = 0; j < d; j++) {
    const bins = offset[j + 1]! - offset[j]!;
    if (bins > 2) {
      wide.push(j);
      continue;
    }
    const hj = part(j);
    if (bins === 1) {
      // a constant input: every row in its one bin
      hj[0] = gAll;
      hj[1] = hAll;
      hj[2] = m;
      continue;
    }
    // a two-valued input (a flag, a one-hot level): sum bin 1 in registers, bin 0 is the rest
    const col = column(j);
    let g1 = 0;
    let h1 = 0;
    let c1 = 0;
    for (let k = 0; k < m; k++) {
      if (col[mine[k]!] === 1) {
        g1 += gs[k]!;
        h1 += hs[k]!;
        c1++;
      }
    }
    hj.set([gAll - g1, hAll - h1, m - c1, g1, h1, c1]);
  }
  // inputs with more values, four at a time: each row's gradient and hessian are read once per four
  let w = 0;
  for (; w + 3 < wide.length; w += 4) {
    const [ca, cb, cc, cd] = [column(wide[w]!), column(wide[w + 1]!), column(wide[w + 2]!), column(wide[w + 3]!)];
    const [ha, hb, hc, hd] = [part(wide[w]!), part(wide[w + 1]!), part(wide[w + 2]!), part(wide[w + 3]!)];
    for (let k = 0; k < m; k++) {
      const i = mine[k]!;
      const gk = gs[k]!;
      const hk = hs[k]!;
      let s = 3 * ca[i]!;
      ha[s]! += gk;
      ha[s + 1]! += hk;
      ha[s + 2]! += 1;
      s = 3 * cb[i]!;
      hb[s]! += gk;
      hb[s + 1]! += hk;
      hb[s + 2]! += 1;
      s = 3 * cc[i]!;
      hc[s]! += gk;
      hc[s + 1]! += hk;
      hc[s + 2]! += 1;
      s = 3 * cd[i]!;
      hd[s]! += gk;
      hd[s + 1]! += hk;
      hd[s + 2]! += 1;
    }
  }
  for (; w < wide.length; w++) {
    const col = column(wide[w]!);
    const hj = part(wide[w]!);
    for (let k = 0; k < m; k++) {
      const s = 3 * col[mine[k]!]!;
      hj[s]! += gs[k]!;
      hj[s + 1]! += hs[k]!;
      hj[s + 2]! += 1;
    }
  }
}

/** The best split of a node from its histogram; gain is the fall in the penalised loss (½ of XGBoost's structure score difference). */
export function bestSplit(hist: Histogram, edges: number[][], offset: Int32Array, G: number, H: number, n: number, p: Pick<TreeParams, 'minLeaf' | 'l2' | 'minHessian'>): Split | null {
  const parent = (G * G) / (H + p.l2);
  let best: Split | null = null;
  for (let j = 0; j < edges.length; j++) {
    const last = edges[j]!.length; // bins 0..last; a split after bin b for b < last
    let gl = 0;
    let hl = 0;
    let nl = 0;
    for (let b = 0; b < last; b++) {
      const slot = 3 * (offset[j]! + b);
      gl += hist[slot]!;
      hl += hist[slot + 1]!;
      nl += hist[slot + 2]!;
      if (nl < p.minLeaf) continue;
      if (n - nl < p.minLeaf) break;
      const hr = H - hl;
      if (hl < p.minHessian || hr < p.minHessian) continue;
      const gr = G - gl;
      const gain = 0.5 * ((gl * gl) / (hl + p.l2) + (gr * gr) / (hr + p.l2) - parent);
      if (gain > 1e-12 && (!best || gain > best.gain)) best = { gain, feature: j, bin: b, gLeft: gl, hLeft: hl, nLeft: nl };
    }
  }
  return best;
}

interface Open {
  node: number;
  start: number;
  end: number;
  G: number;
  H: number;
  hist: Histogram;
  split: Split | null;
}

export interface GrownTree {
  tree: Tree;
  /** each leaf's rows, as a range of `rows` after the tree was grown, and the leaf's value */
  leaves: { start: number; end: number; value: number }[];
}

/**
 * Grows one tree on the rows in `rows` (reordered in place, so that each leaf's rows are contiguous),
 * best-first: the open leaf whose split lowers the loss most is split next, until `maxLeaves`.
 */
export function growTree(data: BinnedData, rows: Uint32Array, g: Float64Array, h: Float64Array, params: TreeParams): GrownTree {
  const { d, bins, edges, offset } = data;
  const size = offset[d]!;
  const tree: Tree = { feature: [], threshold: [], bin: [], left: [], right: [], value: [] };
  const pool: Histogram[] = [];
  const acquire = (): Histogram => pool.pop() ?? new Float64Array(3 * size);
  const scratch = new Uint32Array(rows.length);
  const gs = new Float64Array(rows.length);
  const hs = new Float64Array(rows.length);
  const addNode = (G: number, H: number) => {
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.bin.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push((-G / (H + params.l2)) * params.learningRate);
    return tree.value.length - 1;
  };
  const splitOf = (o: Omit<Open, 'split'>) => (o.end - o.start >= 2 * params.minLeaf ? bestSplit(o.hist, edges, offset, o.G, o.H, o.end - o.start, params) : null);

  let G = 0;
  let H = 0;
  for (let k = 0; k < rows.length; k++) {
    G += g[rows[k]!]!;
    H += h[rows[k]!]!;
  }
  const rootHist = acquire();
  buildHistogram(data, rows, 0, rows.length, g, h, rootHist, gs, hs);
  const root: Omit<Open, 'split'> = { node: addNode(G, H), start: 0, end: rows.length, G, H, hist: rootHist };
  const open: Open[] = [{ ...root, split: splitOf(root) }];
  let leafCount = 1;
  while (leafCount < params.maxLeaves) {
    let pick = -1;
    for (let k = 0; k < open.length; k++) if (open[k]!.split && (pick < 0 || open[k]!.split!.gain > open[pick]!.split!.gain)) pick = k;
    if (pick < 0) break;
    const parent = open.splice(pick, 1)[0]!;
    const s = parent.split!;
    // partition the parent's rows, keeping their order on each side
    const column = s.feature * data.n;
    let w = parent.start;
    let r = 0;
    for (let k = parent.start; k < parent.end; k++) {
      const i = rows[k]!;
      if (bins[column + i]! <= s.bin) rows[w++] = i;
      else scratch[r++] = i;
    }
    rows.set(scratch.subarray(0, r), w);
    const mid = w;
    const leftNode = addNode(s.gLeft, s.hLeft);
    const rightNode = addNode(parent.G - s.gLeft, parent.H - s.hLeft);
    tree.feature[parent.node] = s.feature;
    tree.bin[parent.node] = s.bin;
    tree.threshold[parent.node] = edges[s.feature]![s.bin]!;
    tree.left[parent.node] = leftNode;
    tree.right[parent.node] = rightNode;
    const left = { node: leftNode, start: parent.start, end: mid, G: s.gLeft, H: s.hLeft };
    const right = { node: rightNode, start: mid, end: parent.end, G: parent.G - s.gLeft, H: parent.H - s.hLeft };
    // histogram subtraction: build the smaller child, the larger is the parent minus it
    const leftSmaller = mid - parent.start <= parent.end - mid;
    const small = leftSmaller ? left : right;
    const smallHist = acquire();
    buildHistogram(data, rows, small.start, small.end, g, h, smallHist, gs, hs);
    const largeHist = parent.hist;
    for (let k = 0; k < largeHist.length; k++) largeHist[k]! -= smallHist[k]!;
    const children = leftSmaller ? [{ ...left, hist: smallHist }, { ...right, hist: largeHist }] : [{ ...left, hist: largeHist }, { ...right, hist: smallHist }];
    leafCount++;
    for (const c of children) open.push({ ...c, split: leafCount < params.maxLeaves ? splitOf(c) : null });
  }
  for (const o of open) pool.push(o.hist);
  return { tree, leaves: open.map((o) => ({ start: o.start, end: o.end, value: tree.value[o.node]! })) };
}

/** The leaf a row of raw inputs reaches, and the nodes on its way (root first). */
export function pathOf(tree: Tree, x: ArrayLike<number>): number[] {
  const path = [0];
  let node = 0;
  while (tree.feature[node]! >= 0) {
    node = x[tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
    path.push(node);
  }
  return path;
}

/** What the tree adds to the log-odds of a row of raw inputs (offset: where the row starts in `x`). */
export function treeOutput(tree: Tree, x: ArrayLike<number>, offset = 0): number {
  let node = 0;
  while (tree.feature[node]! >= 0) node = x[offset + tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
  return tree.value[node]!;
}
