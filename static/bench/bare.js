// The floor for opening a graph: Vue Flow's own default nodes and edges for the graph in graph.json
// (the same nodes, positions and edges as the designer shows), and a click answered by a body attribute.
import { createApp, h } from "vue";
import { VueFlow } from "@vue-flow/core";
import "@vue-flow/core/dist/style.css";
import "@vue-flow/core/dist/theme-default.css";

fetch("graph.json")
  .then((response) => response.json())
  .then((graph) => {
    const nodes = graph.nodes.map((node) => ({
      id: node.id,
      position: { x: node.x, y: node.y },
      data: { label: node.label },
      class: "bare-node",
    }));
    const edges = graph.edges.map((edge) => ({ id: edge.id, source: edge.source, target: edge.target, type: "smoothstep" }));
    const app = createApp({
      render: () =>
        h(VueFlow, {
          nodes,
          edges,
          minZoom: 0.1,
          fitViewOnInit: true,
          onNodeClick: ({ node }) => (document.body.dataset.clicked = node.id),
        }),
    });
    app.mount("#app");
  });
