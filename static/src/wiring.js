// Which ports a wire being dragged may end on: the canvas lights those up and dims the others.
// The rule is Python's (designer/spec/kinds.py and spec/model.py's types_compatible); the canvas only
// reads it: each port carries its kinds (an input's `accepts`, an output's `kinds`) and the `wiring`
// prop says which data types feed which (see designer/ui/canvas.py, wiring_prop). Python still
// checks every connection and answers a wrong one with a sentence.
// No imports, so that tests/ui/test_wiring_js.py can run it in node against the Python rule.

// Can output `out` ({type, kinds}) feed input `input` ({type, accepts})? `types` is {source: [targets]}.
export function portsFit(out, input, types) {
  const kinds = out.kinds || [];
  const accepts = input.accepts || [];
  if (kinds.length && accepts.length) {
    if (!kinds.some((kind) => accepts.includes(kind))) return false;
  }
  const source = out.type;
  const target = input.type;
  if (source == null || target == null || source === target) return true;
  const fed = types && types[source];
  return Array.isArray(fed) ? fed.includes(target) : false;
}

// Every job a wire out of `job` may not reach, because it would make a loop: `job` and its upstream.
function upstreamOf(job, edges) {
  const into = new Map();
  for (const edge of edges) {
    if (!into.has(edge.target)) into.set(edge.target, []);
    into.get(edge.target).push(edge.source);
  }
  const seen = new Set([job]);
  const todo = [job];
  while (todo.length) {
    for (const source of into.get(todo.pop()) || []) {
      if (!seen.has(source)) {
        seen.add(source);
        todo.push(source);
      }
    }
  }
  return seen;
}

function downstreamOf(job, edges) {
  return upstreamOf(job, edges.map((edge) => ({ source: edge.target, target: edge.source })));
}

// {`${job}\u0000${direction}\u0000${port}`: true | false} for every port of `nodes` a wire started at
// port `start` ({job, port, direction: "out" | "in"}) could end on; the start's own side is absent.
export function fittingPorts(start, nodes, edges, types) {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const from = byId.get(start.job);
  const out = {};
  if (!from) return out;
  if (start.direction === "out") {
    const port = (from.outputs || []).find((p) => p.name === start.port);
    if (!port) return out;
    const blocked = upstreamOf(start.job, edges);
    for (const node of nodes) {
      for (const input of node.inputs || []) {
        out[`${node.id}\u0000in\u0000${input.name}`] = !blocked.has(node.id) && portsFit(port, input, types);
      }
    }
  } else {
    const port = (from.inputs || []).find((p) => p.name === start.port);
    if (!port) return out;
    const blocked = downstreamOf(start.job, edges);
    for (const node of nodes) {
      for (const output of node.outputs || []) {
        out[`${node.id}\u0000out\u0000${output.name}`] = !blocked.has(node.id) && portsFit(output, port, types);
      }
    }
  }
  return out;
}
