/**
 * Import cycles: the strongly connected components of the import graph (Tarjan), each described
 * by one concrete loop through it and every import that ties its files together, so a failure
 * says which lines to change.
 *
 * Two graphs are searched: the run-time one (static imports, `export … from`, dynamic
 * `import('…')`, `require`) and the whole one (with `import type` too). A cycle of type imports
 * costs nothing at run time but still ties the files' meanings together, so it counts as well: the
 * issue asks for no import cycle anywhere.
 */
import type { Edge } from './source-graph.js';

export interface Cycle {
  /** The files of the component, sorted. */
  files: string[];
  /** One loop through the component, first file repeated at the end. */
  loop: string[];
  /** Every import between two files of the component. */
  edges: Edge[];
}

/** Edges between project files, without duplicates per file pair (the first import of a pair stands for it). */
function adjacency(edges: Edge[]): Map<string, Map<string, Edge>> {
  const adj = new Map<string, Map<string, Edge>>();
  for (const e of edges) {
    if (!e.to) continue;
    if (!adj.has(e.from)) adj.set(e.from, new Map());
    if (!adj.has(e.to)) adj.set(e.to, new Map());
    const out = adj.get(e.from)!;
    if (!out.has(e.to)) out.set(e.to, e);
  }
  return adj;
}

/** Strongly connected components with more than one file, or one file that imports itself. */
function components(adj: Map<string, Map<string, Edge>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  // Iterative Tarjan: the kernel's import chains are deep enough to make recursion a worry.
  for (const start of [...adj.keys()].sort()) {
    if (index.has(start)) continue;
    const work: { node: string; next: Iterator<string> }[] = [];
    const enter = (node: string) => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: [...adj.get(node)!.keys()].sort()[Symbol.iterator]() });
    };
    enter(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const step = top.next.next();
      if (!step.done) {
        const to = step.value;
        if (!index.has(to)) enter(to);
        else if (onStack.has(to)) low.set(top.node, Math.min(low.get(top.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(top.node)!));
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let n: string;
        do {
          n = stack.pop()!;
          onStack.delete(n);
          component.push(n);
        } while (n !== top.node);
        if (component.length > 1 || adj.get(top.node)!.has(top.node)) out.push(component.sort());
      }
    }
  }
  return out.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** The shortest loop from the component's first file back to itself (breadth-first inside the component). */
function loopThrough(first: string, members: Set<string>, adj: Map<string, Map<string, Edge>>): string[] {
  const previous = new Map<string, string>();
  const queue = [first];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const to of [...adj.get(node)!.keys()].sort()) {
      if (!members.has(to)) continue;
      if (to === first) {
        const path = [node];
        for (let n = node; n !== first; ) {
          n = previous.get(n)!;
          path.unshift(n);
        }
        return [...path, first];
      }
      if (!previous.has(to)) {
        previous.set(to, node);
        queue.push(to);
      }
    }
  }
  return [first];
}

/** Every cycle among `edges` (only imports that resolved to a project file are followed). */
export function findCycles(edges: Edge[]): Cycle[] {
  const adj = adjacency(edges);
  return components(adj).map((files) => {
    const members = new Set(files);
    return {
      files,
      loop: loopThrough(files[0]!, members, adj),
      edges: edges.filter((e) => e.to && members.has(e.from) && members.has(e.to)),
    };
  });
}

/** The run-time graph: what Node follows when it loads a module (type imports are erased). */
export const runtimeEdges = (edges: Edge[]) => edges.filter((e) => !e.typeOnly);

/** A cycle as the failure message shows it: the loop, then each import that ties it, with its line and kind. */
export function describeCycle(cycle: Cycle): string {
  const ties = cycle.edges.map((e) => `    ${e.from}:${e.line} → ${e.to}  (${e.typeOnly ? 'type-only ' : ''}${e.kind} "${e.specifier}")`);
  return [`  ${cycle.files.length} file(s): ${cycle.loop.join(' → ')}`, ...ties].join('\n');
}
