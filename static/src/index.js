// Entry of the canvas bundle. NiceGUI loads dist/index.js as an ES module and supplies `vue` itself,
// so the styles travel inside the module and are added to the page once.
import coreCss from "@vue-flow/core/dist/style.css?inline";
import controlsCss from "@vue-flow/controls/dist/style.css?inline";
import canvasCss from "./canvas.css?inline";
import PipelineCanvas from "./PipelineCanvas.vue";

const STYLE_ID = "pipeline-canvas-styles";

if (typeof document !== "undefined" && !document.getElementById(STYLE_ID)) {
  const style = document.createElement("style");
  style.id = STYLE_ID;
  style.textContent = [coreCss, controlsCss, canvasCss].join("\n");
  document.head.appendChild(style);
}

export { PipelineCanvas };
export default PipelineCanvas;
