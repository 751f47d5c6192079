// Colours, labels and names shared by the node cards, the palette and the minimap.

// The drag payload of a palette entry: {"name", "version"} as JSON.
export const DRAG_TYPE = "application/x-pipeline-component";

// One colour per port type, so that a wire and both of its ends read as one kind of thing.
const TYPE_COLORS = {
  uri_folder: "#f59e0b",
  uri_file: "#f97316",
  mltable: "#14b8a6",
  mlflow_model: "#8b5cf6",
  custom_model: "#ec4899",
  triton_model: "#6366f1",
  string: "#64748b",
  integer: "#0ea5e9",
  number: "#3b82f6",
  boolean: "#84cc16",
};

const SPARE_COLORS = ["#0891b2", "#d946ef", "#65a30d", "#e11d48", "#0d9488", "#7c3aed", "#ca8a04", "#2563eb"];

// Categories are free text in component files; common words get a fixed colour, others a stable one.
const CATEGORY_COLORS = [
  [/transform|prep|clean|feature|split|join|filter/, "#7c3aed"],
  [/train|fit|learn|tun/, "#ea580c"],
  [/scor|predict|infer/, "#0891b2"],
  [/eval|metric|report|compar/, "#16a34a"],
  [/model|regist|deploy/, "#db2777"],
  [/text|language|nlp/, "#ca8a04"],
  [/data|input|output|source|sink|load|read|writ/, "#2563eb"],
  [/python|script|custom|util|general/, "#475569"],
];

function hash(text) {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0;
  return h;
}

export function typeColor(type) {
  const key = String(type || "").toLowerCase();
  return TYPE_COLORS[key] || SPARE_COLORS[hash(key) % SPARE_COLORS.length];
}

export function categoryColor(category) {
  const key = String(category || "").toLowerCase();
  for (const [pattern, color] of CATEGORY_COLORS) if (pattern.test(key)) return color;
  return SPARE_COLORS[hash(key) % SPARE_COLORS.length];
}

// Run and step states (label, Material icon, colour) come from Python, designer/ui/states.py's STATES,
// as the canvas's `states` prop: one table for the whole designer. A state it lacks shows its own name.
const UNKNOWN_COLOR = "#64748b";

export function stateLook(states, state) {
  const found = states && states[state];
  if (found) return found;
  return { label: String(state || ""), icon: "help_outline", color: UNKNOWN_COLOR };
}
