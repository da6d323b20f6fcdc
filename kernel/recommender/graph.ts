/**
 * Personalized PageRank over a generic weighted graph, by local forward push (Andersen, Chung
 * and Lang 2006): the work depends on the neighbourhood of the seeds, not on the graph's size, so
 * a query stays fast at thousands of skills. The recommender builds a request-term ↔ skill graph
 * from the usage history; the knowledge graph can hand in its own adjacency through the same
 * builder later.
 */

export class GraphBuilder {
  private readonly ids = new Map<string, number>();
  private readonly edges = new Map<number, Map<number, number>>();

  node(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
    }
    return id;
  }

  /** Adds weight to the undirected edge a–b. */
  link(a: string, b: string, weight = 1): void {
    if (!(weight > 0) || a === b) return;
    const x = this.node(a);
    const y = this.node(b);
    for (const [u, v] of [
      [x, y],
      [y, x],
    ] as const) {
      let row = this.edges.get(u);
      if (!row) this.edges.set(u, (row = new Map()));
      row.set(v, (row.get(v) ?? 0) + weight);
    }
  }

  build(): Graph {
    const n = this.ids.size;
    const offsets = new Int32Array(n + 1);
    for (let u = 0; u < n; u++) offsets[u + 1] = offsets[u]! + (this.edges.get(u)?.size ?? 0);
    const targets = new Int32Array(offsets[n]!);
    const weights = new Float64Array(offsets[n]!);
    const degree = new Float64Array(n);
    for (let u = 0; u < n; u++) {
      let i = offsets[u]!;
      for (const [v, w] of this.edges.get(u) ?? []) {
        targets[i] = v;
        weights[i] = w;
        degree[u]! += w;
        i++;
      }
    }
    return new Graph(new Map(this.ids), offsets, targets, weights, degree);
  }
}

interface PprOptions {
  /** Restart probability: higher keeps the walk closer to the seeds. */
  alpha?: number;
  /** Push threshold per neighbour: smaller is more exact and slower. */
  epsilon?: number;
  /** A hard cap on edges visited, so a dense neighbourhood cannot stall a request (≈ 1 ms per 100,000). */
  maxWork?: number;
}

export class Graph {
  // Work buffers reused across queries (one query at a time; Node is single-threaded).
  private p = new Float64Array(0);
  private r = new Float64Array(0);
  private mark = new Uint8Array(0);

  constructor(
    readonly ids: ReadonlyMap<string, number>,
    readonly offsets: Int32Array,
    readonly targets: Int32Array,
    readonly weights: Float64Array,
    readonly degree: Float64Array,
  ) {}

  get nodeCount(): number {
    return this.degree.length;
  }

  /** Total edge weight at a node. */
  degreeOf(id: number): number {
    return this.degree[id] ?? 0;
  }

  get edgeCount(): number {
    return this.targets.length / 2;
  }

  /**
   * Approximate PPR vector for a seed distribution (keys → weight; unknown keys are ignored).
   * Returns node id → score for the nodes the push reached.
   */
  personalizedPageRank(seeds: ReadonlyMap<string, number>, options: PprOptions = {}): Map<number, number> {
    const alpha = options.alpha ?? 0.3;
    const epsilon = options.epsilon ?? 1e-5;
    const maxWork = options.maxWork ?? 150_000;
    const n = this.degree.length;
    if (this.p.length !== n) {
      this.p = new Float64Array(n);
      this.r = new Float64Array(n);
      this.mark = new Uint8Array(n);
    }
    const { p, r, mark, offsets, targets, weights, degree } = this;
    const touched: number[] = [];
    const touch = (v: number) => {
      if (mark[v] === 0) {
        mark[v] = 1;
        touched.push(v);
      }
    };
    let total = 0;
    for (const [key, w] of seeds) {
      const id = this.ids.get(key);
      if (id !== undefined && w > 0) {
        touch(id);
        r[id]! += w;
        total += w;
      }
    }
    const out = new Map<number, number>();
    if (total === 0) return out;
    const queue: number[] = [];
    for (const id of touched) {
      r[id]! /= total;
      queue.push(id);
    }
    // mark: 1 touched, 2 touched and queued.
    for (const id of queue) mark[id] = 2;
    let work = 0;
    while (queue.length > 0 && work < maxWork) {
      const u = queue.pop()!;
      mark[u] = 1;
      const ru = r[u]!;
      const du = degree[u]!;
      const lo = offsets[u]!;
      const hi = offsets[u + 1]!;
      if (du === 0) {
        p[u]! += ru;
        r[u] = 0;
        continue;
      }
      if (ru < epsilon * (hi - lo)) continue;
      work += hi - lo;
      p[u]! += alpha * ru;
      // Lazy walk: half the remaining mass stays, which keeps the push convergent on bipartite graphs.
      const spread = ((1 - alpha) * ru) / 2;
      r[u] = spread;
      if (spread >= epsilon * (hi - lo)) {
        queue.push(u);
        mark[u] = 2;
      }
      const share = spread / du;
      for (let i = lo; i < hi; i++) {
        const v = targets[i]!;
        if (mark[v] === 0) {
          mark[v] = 1;
          touched.push(v);
        }
        const rv = (r[v]! += share * weights[i]!);
        if (mark[v] === 1 && rv >= epsilon * (offsets[v + 1]! - offsets[v]!)) {
          queue.push(v);
          mark[v] = 2;
        }
      }
    }
    for (const v of touched) {
      if (p[v]! > 0) out.set(v, p[v]!);
      p[v] = 0;
      r[v] = 0;
      mark[v] = 0;
    }
    return out;
  }
}
