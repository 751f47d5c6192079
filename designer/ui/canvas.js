// The canvas itself is a Vue Flow component built from static/src into static/dist (see static/README);
// canvas.py maps the import name "pipeline-canvas" to that folder, and this file hands it to NiceGUI.
export { default } from "pipeline-canvas";
