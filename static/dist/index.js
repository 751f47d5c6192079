import { Fragment as e, computed as t, createBlock as n, createCommentVNode as r, createElementBlock as i, createElementVNode as a, createPropsRestProxy as o, createTextVNode as s, createVNode as c, customRef as l, defineComponent as u, effectScope as d, getCurrentInstance as f, getCurrentScope as p, h as m, inject as h, isMemoSame as g, isRef as _, markRaw as v, mergeProps as y, nextTick as b, normalizeClass as x, normalizeStyle as S, onBeforeMount as C, onBeforeUnmount as w, onMounted as T, onScopeDispose as E, onUnmounted as D, openBlock as O, provide as k, reactive as A, readonly as j, ref as M, renderList as N, renderSlot as P, resolveComponent as F, resolveDynamicComponent as I, shallowRef as L, toDisplayString as R, toRef as z, toRefs as B, toValue as V, unref as H, useAttrs as U, useSlots as ee, vModelText as te, vShow as W, watch as G, watchEffect as ne, withCtx as K, withDirectives as re, withKeys as ie, withMemo as ae, withModifiers as oe } from "vue";
// node_modules/@vue-flow/core/dist/style.css?inline
var se = ".vue-flow{z-index:0;direction:ltr;width:100%;height:100%;position:relative;overflow:hidden}.vue-flow__container{width:100%;height:100%;position:absolute;top:0;left:0}.vue-flow__pane{z-index:1}.vue-flow__pane.draggable{cursor:grab}.vue-flow__pane.selection{cursor:pointer}.vue-flow__pane.dragging{cursor:grabbing}.vue-flow__transformationpane{transform-origin:0 0;z-index:2;pointer-events:none}.vue-flow__viewport{z-index:4;overflow:clip}.vue-flow__selection{z-index:6}.vue-flow__edge-labels{pointer-events:none;-webkit-user-select:none;user-select:none;width:100%;height:100%;position:absolute}.vue-flow__nodesselection-rect:focus,.vue-flow__nodesselection-rect:focus-visible{outline:none}.vue-flow .vue-flow__edges{pointer-events:none;overflow:visible}.vue-flow__edge-path,.vue-flow__connection-path{stroke:#b1b1b7;stroke-width:1px;fill:none}.vue-flow__edge{pointer-events:visibleStroke;cursor:pointer}.vue-flow__edge.animated path{stroke-dasharray:5;animation:.5s linear infinite dashdraw}.vue-flow__edge.animated path.vue-flow__edge-interaction{stroke-dasharray:none;animation:none}.vue-flow__edge.inactive{pointer-events:none}.vue-flow__edge.selected,.vue-flow__edge:focus,.vue-flow__edge:focus-visible{outline:none}.vue-flow__edge.selected .vue-flow__edge-path,.vue-flow__edge:focus .vue-flow__edge-path,.vue-flow__edge:focus-visible .vue-flow__edge-path{stroke:#555}.vue-flow__edge-textwrapper{pointer-events:all}.vue-flow__edge-textbg{fill:#fff}.vue-flow__edge-text{pointer-events:none;-webkit-user-select:none;user-select:none}.vue-flow__connection{pointer-events:none}.vue-flow__connection .animated{stroke-dasharray:5;animation:.5s linear infinite dashdraw}.vue-flow__connectionline{z-index:1001}.vue-flow__nodes{pointer-events:none;transform-origin:0 0}.vue-flow__node{-webkit-user-select:none;user-select:none;pointer-events:all;transform-origin:0 0;box-sizing:border-box;cursor:default;position:absolute}.vue-flow__node.draggable{cursor:grab;pointer-events:all}.vue-flow__node.draggable.dragging{cursor:grabbing}.vue-flow__nodesselection{z-index:3;transform-origin:0 0;pointer-events:none}.vue-flow__nodesselection-rect{pointer-events:all;cursor:grab;position:absolute}.vue-flow__nodesselection-rect.dragging{cursor:grabbing}.vue-flow__handle{pointer-events:none;min-width:5px;min-height:5px;position:absolute}.vue-flow__handle.connectable{pointer-events:all;cursor:crosshair}.vue-flow__handle-bottom{bottom:0;left:50%;transform:translate(-50%,50%)}.vue-flow__handle-top{top:0;left:50%;transform:translate(-50%,-50%)}.vue-flow__handle-left{top:50%;left:0;transform:translate(-50%,-50%)}.vue-flow__handle-right{top:50%;right:0;transform:translate(50%,-50%)}.vue-flow__edgeupdater{cursor:move;pointer-events:all}.vue-flow__panel{z-index:5;margin:15px;position:absolute}.vue-flow__panel.top{top:0}.vue-flow__panel.bottom{bottom:0}.vue-flow__panel.left{left:0}.vue-flow__panel.right{right:0}.vue-flow__panel.center{left:50%;transform:translate(-50%)}@keyframes dashdraw{0%{stroke-dashoffset:10px}}", ce = ".vue-flow__controls{box-shadow:0 0 2px 1px #00000014}.vue-flow__controls-button{box-sizing:content-box;cursor:pointer;-webkit-user-select:none;user-select:none;background:#fefefe;border:none;border-bottom:1px solid #eee;justify-content:center;align-items:center;width:16px;height:16px;padding:5px;display:flex}.vue-flow__controls-button svg{width:100%;max-width:12px;max-height:12px}.vue-flow__controls-button:hover{background:#f4f4f4}.vue-flow__controls-button:disabled{pointer-events:none}.vue-flow__controls-button:disabled svg{fill-opacity:.4}", le = ".pc-root{--pc-bg:#f5f7fb;--pc-surface:#fff;--pc-sidebar:#fff;--pc-border:#e2e8f0;--pc-border-soft:#eef2f7;--pc-text:#0f172a;--pc-muted:#64748b;--pc-hover:#f1f5f9;--pc-input:#f8fafc;--pc-accent:#2563eb;--pc-accent-soft:#2563eb29;--pc-shadow:0 1px 2px #0f172a0f, 0 4px 14px #0f172a12;--pc-card-shadow:0 1px 3px #0f172a1a;--pc-tip-bg:#1e293b;--pc-tip-text:#f8fafc;background:var(--pc-bg);width:100%;height:100%;min-height:420px;color:var(--pc-text);font-size:13px;line-height:1.35;display:flex;position:relative;overflow:hidden}.pc-root.pc-dark,body.body--dark .pc-root{--pc-bg:#0e131b;--pc-surface:#1a2230;--pc-sidebar:#131a25;--pc-border:#2a3446;--pc-border-soft:#232c3c;--pc-text:#e6eaf2;--pc-muted:#93a0b5;--pc-hover:#212b3b;--pc-input:#0f1620;--pc-accent:#60a5fa;--pc-accent-soft:#60a5fa38;--pc-shadow:0 1px 2px #00000059, 0 6px 18px #0000004d;--pc-card-shadow:0 1px 3px #00000073;--pc-tip-bg:#0b1018;--pc-tip-text:#e6eaf2}.pc-root .material-icons{line-height:1}.pc-root button{font:inherit;color:inherit}.pc-flow{flex:auto;min-width:0;position:relative}.pc-flow .vue-flow{width:100%;height:100%}.pc-flow.is-drop-target:after{content:\"\";border:2px dashed var(--pc-accent);background:var(--pc-accent-soft);opacity:.5;pointer-events:none;border-radius:14px;position:absolute;inset:10px}.pc-empty{color:var(--pc-muted);pointer-events:none;text-align:center;flex-direction:column;justify-content:center;align-items:center;gap:6px;display:flex;position:absolute;inset:0}.pc-empty .material-icons{opacity:.45;font-size:44px}.pc-empty__title{color:var(--pc-text);font-size:16px;font-weight:600}.pc-palette-open{z-index:5;border:1px solid var(--pc-border);background:var(--pc-surface);box-shadow:var(--pc-shadow);cursor:pointer;border-radius:8px;align-items:center;gap:6px;padding:7px 12px;font-weight:500;display:flex;position:absolute;top:12px;left:12px}.pc-palette-open .material-icons{color:var(--pc-accent);font-size:18px}.pc-root .vue-flow__node-job{background:0 0;border:none;border-radius:12px;padding:0}.pc-root .vue-flow__node-job:hover{z-index:1000!important}.pc-node{border:1px solid var(--pc-border);background:var(--pc-surface);width:220px;box-shadow:var(--pc-card-shadow);color:var(--pc-text);border-radius:12px;position:relative}.pc-node.is-pipeline:after{content:\"\";z-index:-1;border:1px solid var(--pc-border);background:var(--pc-surface);box-shadow:var(--pc-card-shadow);border-radius:12px;position:absolute;inset:6px -6px -6px 6px}.pc-node[data-status=running]{box-shadow:0 0 0 3px #3b82f638, var(--pc-card-shadow)}.pc-node[data-status=failed]{box-shadow:0 0 0 3px #ef444429, var(--pc-card-shadow)}.pc-node[data-status=canceled],.pc-node[data-status=skipped]{opacity:.72}.pc-node.has-problems{box-shadow:0 0 0 3px #ef444438, var(--pc-card-shadow);border-color:#ef4444}.pc-node.is-selected{outline:2px solid var(--pc-accent);outline-offset:3px}.pc-node__head{align-items:center;gap:10px;padding:10px 10px 10px 12px;display:flex}.pc-node__icon{background:color-mix(in srgb, var(--pc-cat) 14%, transparent);width:34px;height:34px;color:var(--pc-cat);border-radius:9px;flex:none;justify-content:center;align-items:center;display:flex}.pc-node__icon .material-icons{font-size:20px}.pc-node__titles{flex:auto;min-width:0}.pc-node__title{white-space:nowrap;text-overflow:ellipsis;font-size:13px;font-weight:600;overflow:hidden}.pc-node__sub{color:var(--pc-muted);white-space:nowrap;text-overflow:ellipsis;margin-top:2px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:10.5px;overflow:hidden}.pc-node__step{color:var(--pc-text);white-space:nowrap;text-overflow:ellipsis;opacity:.78;margin-top:1px;font-size:11px;font-weight:500;overflow:hidden}.pc-node__kind{background:color-mix(in srgb, var(--pc-cat) 16%, transparent);color:var(--pc-cat);letter-spacing:.04em;text-transform:uppercase;border-radius:4px;margin-right:5px;padding:0 4px;font-family:inherit;font-size:9.5px;font-weight:600}.pc-node__open,.pc-node__warn{color:var(--pc-muted);flex:none;align-items:center;display:flex;position:relative}.pc-node__open .material-icons{font-size:16px}.pc-node__warn{color:#ef4444;cursor:help}.pc-node__warn .material-icons{font-size:20px}.pc-node__problems{z-index:20;border:1px solid var(--pc-border);background:var(--pc-tip-bg);width:250px;color:var(--pc-tip-text);cursor:default;border-radius:8px;padding:8px 10px;font-size:12px;line-height:1.4;display:none;position:absolute;top:calc(100% + 8px);right:-10px;box-shadow:0 8px 24px #0f172a4d}.pc-node__warn:hover .pc-node__problems{display:block}.pc-node__problems-title{color:#fca5a5;margin-bottom:4px;font-weight:600}.pc-node__problems ul{margin:0;padding-left:16px;list-style:outside}.pc-node__ports{border-top:1px solid var(--pc-border-soft);padding:5px 0 7px}.pc-node__row{align-items:center;height:22px;display:flex;position:relative}.pc-port{min-width:0;max-width:60%;color:var(--pc-muted);align-items:center;font-size:11.5px;display:flex}.pc-port--in{padding-left:13px}.pc-port--out{margin-left:auto;padding-right:13px}.pc-port__label{white-space:nowrap;text-overflow:ellipsis;overflow:hidden}.pc-root .vue-flow__handle.pc-handle{background:0 0;border:0;border-radius:0;width:24px;min-width:0;height:24px;min-height:0}.pc-root[data-hit=\"28\"] .vue-flow__handle.pc-handle{width:28px;height:28px}.pc-root[data-hit=\"32\"] .vue-flow__handle.pc-handle{width:32px;height:32px}.pc-root[data-hit=\"36\"] .vue-flow__handle.pc-handle{width:36px;height:36px}.pc-root[data-hit=\"40\"] .vue-flow__handle.pc-handle{width:40px;height:40px}.pc-root[data-hit=\"44\"] .vue-flow__handle.pc-handle{width:44px;height:44px}.pc-root[data-hit=\"48\"] .vue-flow__handle.pc-handle{width:48px;height:48px}.pc-root .vue-flow__handle.pc-handle.vue-flow__handle-left{left:-1px}.pc-root .vue-flow__handle.pc-handle.vue-flow__handle-right{left:auto;right:-1px}.pc-root .vue-flow__handle.pc-handle:after{content:\"\";box-sizing:border-box;border:2px solid var(--pc-surface);background:var(--pc-port);width:12px;height:12px;box-shadow:0 0 0 1px color-mix(in srgb, var(--pc-port) 50%, transparent);border-radius:50%;transition:transform .12s;position:absolute;top:50%;transform:translateY(-50%)}.pc-root .vue-flow__handle.pc-handle.vue-flow__handle-left:after{left:-6px}.pc-root .vue-flow__handle.pc-handle.vue-flow__handle-right:after{right:-6px}.pc-root .vue-flow__handle.pc-handle.is-unbound:after{border:2px solid var(--pc-port);background:var(--pc-surface);box-shadow:none}.pc-root .vue-flow__handle.pc-handle.is-optional.is-unbound:after{border-style:dashed}.pc-root:not(.is-readonly) .vue-flow__handle.pc-handle:hover:after,.pc-root .vue-flow__handle.pc-handle.connectingfrom:after,.pc-root .vue-flow__handle.pc-handle.connectingto:after{transform:translateY(-50%)scale(1.35)}.pc-root .vue-flow__handle.pc-handle.connectingto.valid:after{box-shadow:0 0 0 4px var(--pc-accent-soft)}.pc-root.is-readonly .vue-flow__handle.pc-handle{cursor:default}.pc-node__status{--pc-state:var(--pc-muted);border:1px solid color-mix(in srgb, var(--pc-state) 45%, var(--pc-surface));background:color-mix(in srgb, var(--pc-state) 12%, var(--pc-surface));height:21px;color:var(--pc-state);white-space:nowrap;border-radius:11px;align-items:center;gap:4px;padding:0 8px 0 6px;font-size:11px;font-weight:600;display:flex;position:absolute;top:-11px;right:10px}.pc-node__status .material-icons{font-size:14px}.pc-node:not([data-status=running]) .pc-spinner,.pc-node[data-status=running] .pc-node__status-icon,.pc-node__status-time:empty{display:none}.pc-dark .pc-node__status,body.body--dark .pc-node__status{color:color-mix(in srgb, var(--pc-state) 70%, white)}.pc-node__status-time{font-variant-numeric:tabular-nums;opacity:.85;margin-left:2px;font-weight:500}.pc-spinner{flex:none;width:13px;height:13px}.pc-root .vue-flow__edge.pc-edge .vue-flow__edge-path{stroke-width:2px}.pc-root .vue-flow__edge.pc-edge:hover .vue-flow__edge-path{stroke-width:3px}.pc-root .vue-flow__edge.pc-edge.selected .vue-flow__edge-path{stroke-width:3.5px;filter:drop-shadow(0 0 3px var(--pc-accent))}.pc-root .vue-flow__connection-path{stroke:var(--pc-accent);stroke-width:2px;stroke-dasharray:6 4}.pc-root .vue-flow__controls{border:1px solid var(--pc-border);box-shadow:var(--pc-shadow);border-radius:8px;overflow:hidden}.pc-root .vue-flow__controls-button{border:none;border-bottom:1px solid var(--pc-border);background:var(--pc-surface);width:18px;height:18px;fill:var(--pc-text);padding:6px}.pc-root .vue-flow__controls-button:last-child{border-bottom:none}.pc-root .vue-flow__controls-button:hover{background:var(--pc-hover)}.pc-root .vue-flow__controls-button svg{max-width:13px;max-height:13px;fill:var(--pc-text)}.pc-root .pc-minimap{cursor:pointer;border:1px solid var(--pc-border);background:var(--pc-surface);box-shadow:var(--pc-shadow);border-radius:10px;line-height:0;overflow:hidden}.pc-dark .pc-node__icon,.pc-dark .pc-entry__icon,.pc-dark .pc-node__kind,body.body--dark .pc-node__icon,body.body--dark .pc-entry__icon,body.body--dark .pc-node__kind{background:color-mix(in srgb, var(--pc-cat) 24%, transparent);color:color-mix(in srgb, var(--pc-cat) 65%, white)}.pc-palette{border-right:1px solid var(--pc-border);background:var(--pc-sidebar);flex-direction:column;flex:none;width:248px;display:flex}.pc-palette__head{padding:12px 12px 8px}.pc-palette__title{justify-content:space-between;align-items:center;margin-bottom:10px;padding-left:2px;font-size:14px;font-weight:600;display:flex}.pc-icon-button{width:26px;height:26px;color:var(--pc-muted);cursor:pointer;background:0 0;border:none;border-radius:6px;justify-content:center;align-items:center;padding:0;display:flex}.pc-icon-button:hover{background:var(--pc-hover);color:var(--pc-text)}.pc-icon-button .material-icons{font-size:20px}.pc-search{border:1px solid var(--pc-border);background:var(--pc-input);height:36px;color:var(--pc-muted);cursor:text;border-radius:8px;align-items:center;gap:6px;padding:0 10px;display:flex}.pc-search:focus-within{border-color:var(--pc-accent);box-shadow:0 0 0 3px var(--pc-accent-soft)}.pc-search .material-icons{font-size:18px}.pc-search input{min-width:0;height:100%;color:var(--pc-text);font:inherit;background:0 0;border:none;outline:none;flex:auto;padding:0;font-size:13px}.pc-search input::placeholder{color:var(--pc-muted)}.pc-palette__list{flex:auto;padding:0 8px 12px;overflow-y:auto}.pc-group+.pc-group{margin-top:2px}.pc-group__head{width:100%;color:var(--pc-muted);cursor:pointer;letter-spacing:.06em;text-align:left;text-transform:uppercase;background:0 0;border:none;border-radius:6px;align-items:center;gap:4px;padding:8px 6px 6px;font-size:11px;font-weight:700;display:flex}.pc-group__head:hover{color:var(--pc-text)}.pc-group__chevron{font-size:18px;transition:transform .15s}.pc-group__chevron.is-folded{transform:rotate(-90deg)}.pc-group__count{background:var(--pc-hover);letter-spacing:0;border-radius:10px;margin-left:auto;padding:1px 7px;font-size:10.5px}.pc-entry{cursor:grab;-webkit-user-select:none;user-select:none;border:1px solid #0000;border-radius:9px;align-items:center;gap:10px;padding:7px 8px;display:flex}.pc-entry:hover{border-color:var(--pc-border);background:var(--pc-hover)}.pc-entry:active{cursor:grabbing}.pc-entry.is-invalid{opacity:.55;filter:grayscale();cursor:not-allowed}.pc-entry__icon{background:color-mix(in srgb, var(--pc-cat) 14%, transparent);width:30px;height:30px;color:var(--pc-cat);border-radius:8px;flex:none;justify-content:center;align-items:center;display:flex}.pc-entry__icon .material-icons{font-size:18px}.pc-entry__text{flex:auto;min-width:0}.pc-entry__name{white-space:nowrap;text-overflow:ellipsis;font-weight:500;overflow:hidden}.pc-entry__meta{color:var(--pc-muted);white-space:nowrap;text-overflow:ellipsis;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:10.5px;overflow:hidden}.pc-entry__version{border:1px solid var(--pc-border);color:var(--pc-muted);border-radius:10px;flex:none;padding:1px 6px;font-size:10.5px}.pc-palette__empty{color:var(--pc-muted);text-align:center;padding:24px 12px}.pc-palette__hint{border-top:1px solid var(--pc-border);color:var(--pc-muted);padding:9px 14px;font-size:11.5px}.pc-node__children{color:var(--pc-muted);align-items:center;gap:8px;padding:0 10px 8px;font-size:11px;display:flex}.pc-node__bar{background:var(--pc-border-soft);border-radius:3px;flex:auto;height:6px;display:flex;overflow:hidden}.pc-node__bar>span{height:100%;display:block}.pc-node__count{font-variant-numeric:tabular-nums;flex:none}.pc-node__expand{border:1px solid var(--pc-border);background:var(--pc-surface);cursor:pointer;border-radius:6px;justify-content:center;align-items:center;width:22px;height:22px;padding:0;display:flex}.pc-node__expand:hover{background:var(--pc-hover)}.pc-node__expand .material-icons{font-size:15px}.pc-node__why{border:1px solid color-mix(in srgb, #d97706 45%, var(--pc-surface));background:color-mix(in srgb, #d97706 12%, var(--pc-surface));color:#b45309;white-space:nowrap;cursor:help;border-radius:11px;align-items:center;gap:3px;height:21px;padding:0 8px 0 6px;font-size:11px;font-weight:600;display:flex;position:absolute;top:-11px;left:10px}.pc-dark .pc-node__why,body.body--dark .pc-node__why{color:#fbbf24}.pc-node__why .material-icons{font-size:13px}.pc-menu{z-index:20;border:1px solid var(--pc-border);background:var(--pc-surface);box-shadow:var(--pc-shadow);border-radius:10px;flex-direction:column;padding:6px;display:flex;position:absolute}.pc-menu__item{cursor:pointer;text-align:left;background:0 0;border:none;border-radius:6px;align-items:center;gap:10px;height:34px;padding:0 10px;display:flex}.pc-menu__item:hover,.pc-menu__item:focus-visible{background:var(--pc-hover);outline:none}.pc-menu__item .material-icons{color:var(--pc-muted);font-size:18px}.pc-menu__item.is-danger,.pc-menu__item.is-danger .material-icons{color:#dc2626}.pc-dark .pc-menu__item.is-danger,.pc-dark .pc-menu__item.is-danger .material-icons{color:#f87171}.pc-menu__label{flex:auto}.pc-menu__hint{color:var(--pc-muted);font-size:11px}.pc-menu__item.is-disabled{cursor:default;opacity:.45}.pc-menu__item.is-disabled:hover{background:0 0}.pc-root[data-wiring] .pc-port[data-fit=no]{opacity:.28}.pc-root[data-wiring] .vue-flow__handle.pc-handle[data-fit=no]{filter:grayscale()}.pc-root[data-wiring] .vue-flow__handle.pc-handle[data-fit=yes]:after{box-shadow:0 0 0 4px color-mix(in srgb, var(--pc-port) 35%, transparent), 0 0 10px 2px color-mix(in srgb, var(--pc-port) 55%, transparent);transform:translateY(-50%)scale(1.35)}.pc-root[data-wiring] .pc-port[data-fit=yes]{color:var(--pc-text);font-weight:600}.pc-refusal{z-index:21;color:#7f1d1d;box-shadow:var(--pc-shadow);cursor:pointer;background:#fef2f2;border:1px solid #fca5a5;border-radius:10px;align-items:flex-start;gap:8px;padding:9px 12px;font-size:12.5px;line-height:1.4;display:flex;position:absolute}.pc-refusal .material-icons{color:#dc2626;font-size:18px}.pc-root.pc-dark .pc-refusal,body.body--dark .pc-root .pc-refusal{color:#fecaca;background:#2a1215;border-color:#7f1d1d}.pc-root.pc-dark .pc-refusal .material-icons,body.body--dark .pc-root .pc-refusal .material-icons{color:#f87171}.pc-port__label--preview{z-index:1;cursor:pointer;text-underline-offset:2px;-webkit-text-decoration:underline dotted;text-decoration:underline dotted;position:relative}.pc-port__label--preview:hover{color:#4f46e5}";
// node_modules/@vue-flow/core/dist/vue-flow-core.mjs
function ue(e) {
	return p() ? (E(e), !0) : !1;
}
function de(e) {
	return typeof e == "function" ? e() : H(e);
}
var fe = typeof window < "u" && typeof document < "u", pe = (e) => e !== void 0, me = Object.prototype.toString, he = (e) => me.call(e) === "[object Object]", ge = () => {};
function _e(e, t) {
	function n(...n) {
		return new Promise((r, i) => {
			Promise.resolve(e(() => t.apply(this, n), {
				fn: t,
				thisArg: this,
				args: n
			})).then(r).catch(i);
		});
	}
	return n;
}
var ve = (e) => e();
function ye(e = ve) {
	let t = M(!0);
	function n() {
		t.value = !1;
	}
	function r() {
		t.value = !0;
	}
	return {
		isActive: j(t),
		pause: n,
		resume: r,
		eventFilter: (...n) => {
			t.value && e(...n);
		}
	};
}
function be(e, t = !1, n = "Timeout") {
	return new Promise((r, i) => {
		setTimeout(t ? () => i(n) : r, e);
	});
}
function xe(e, t, n = {}) {
	let { eventFilter: r = ve, ...i } = n;
	return G(e, _e(r, t), i);
}
function Se(e, t, n = {}) {
	let { eventFilter: r, ...i } = n, { eventFilter: a, pause: o, resume: s, isActive: c } = ye(r);
	return {
		stop: xe(e, t, {
			...i,
			eventFilter: a
		}),
		pause: o,
		resume: s,
		isActive: c
	};
}
function Ce(e, t = {}) {
	if (!_(e)) return B(e);
	let n = Array.isArray(e.value) ? Array.from({ length: e.value.length }) : {};
	for (let r in e.value) n[r] = l(() => ({
		get() {
			return e.value[r];
		},
		set(n) {
			if (de(t.replaceRef) ?? !0) {
				if (Array.isArray(e.value)) {
					let t = [...e.value];
					t[r] = n, e.value = t;
				} else {
					let t = {
						...e.value,
						[r]: n
					};
					Object.setPrototypeOf(t, Object.getPrototypeOf(e.value)), e.value = t;
				}
			} else e.value[r] = n;
		}
	}));
	return n;
}
function we(e, t = !1) {
	function n(n, { flush: r = "sync", deep: i = !1, timeout: a, throwOnTimeout: o } = {}) {
		let s = null, c = [new Promise((a) => {
			s = G(e, (e) => {
				n(e) !== t && (s?.(), a(e));
			}, {
				flush: r,
				deep: i,
				immediate: !0
			});
		})];
		return a != null && c.push(be(a, o).then(() => de(e)).finally(() => s?.())), Promise.race(c);
	}
	function r(r, i) {
		if (!_(r)) return n((e) => e === r, i);
		let { flush: a = "sync", deep: o = !1, timeout: s, throwOnTimeout: c } = i ?? {}, l = null, u = [new Promise((n) => {
			l = G([e, r], ([e, r]) => {
				t !== (e === r) && (l?.(), n(e));
			}, {
				flush: a,
				deep: o,
				immediate: !0
			});
		})];
		return s != null && u.push(be(s, c).then(() => de(e)).finally(() => (l?.(), de(e)))), Promise.race(u);
	}
	function i(e) {
		return n((e) => !!e, e);
	}
	function a(e) {
		return r(null, e);
	}
	function o(e) {
		return r(void 0, e);
	}
	function s(e) {
		return n(Number.isNaN, e);
	}
	function c(e, t) {
		return n((t) => {
			let n = Array.from(t);
			return n.includes(e) || n.includes(de(e));
		}, t);
	}
	function l(e) {
		return u(1, e);
	}
	function u(e = 1, t) {
		let r = -1;
		return n(() => (r += 1, r >= e), t);
	}
	return Array.isArray(de(e)) ? {
		toMatch: n,
		toContains: c,
		changed: l,
		changedTimes: u,
		get not() {
			return we(e, !t);
		}
	} : {
		toMatch: n,
		toBe: r,
		toBeTruthy: i,
		toBeNull: a,
		toBeNaN: s,
		toBeUndefined: o,
		changed: l,
		changedTimes: u,
		get not() {
			return we(e, !t);
		}
	};
}
function Te(e) {
	return we(e);
}
function Ee(e) {
	let t = de(e);
	return t?.$el ?? t;
}
var De = fe ? window : void 0;
function Oe(...e) {
	let t, n, r, i;
	if (typeof e[0] == "string" || Array.isArray(e[0]) ? ([n, r, i] = e, t = De) : [t, n, r, i] = e, !t) return ge;
	Array.isArray(n) || (n = [n]), Array.isArray(r) || (r = [r]);
	let a = [], o = () => {
		a.forEach((e) => e()), a.length = 0;
	}, s = (e, t, n, r) => (e.addEventListener(t, n, r), () => e.removeEventListener(t, n, r)), c = G(() => [Ee(t), de(i)], ([e, t]) => {
		if (o(), !e) return;
		let i = he(t) ? { ...t } : t;
		a.push(...n.flatMap((t) => r.map((n) => s(e, t, n, i))));
	}, {
		immediate: !0,
		flush: "post"
	}), l = () => {
		c(), o();
	};
	return ue(l), l;
}
function ke(e) {
	return typeof e == "function" ? e : typeof e == "string" ? (t) => t.key === e : Array.isArray(e) ? (t) => e.includes(t.key) : () => !0;
}
function Ae(...e) {
	let t, n, r = {};
	e.length === 3 ? (t = e[0], n = e[1], r = e[2]) : e.length === 2 ? typeof e[1] == "object" ? (t = !0, n = e[0], r = e[1]) : (t = e[0], n = e[1]) : (t = !0, n = e[0]);
	let { target: i = De, eventName: a = "keydown", passive: o = !1, dedupe: s = !1 } = r, c = ke(t);
	return Oe(i, a, (e) => {
		e.repeat && de(s) || c(e) && n(e);
	}, o);
}
function q(e) {
	return JSON.parse(JSON.stringify(e));
}
function je(e, n, r, i = {}) {
	let { clone: a = !1, passive: o = !1, eventName: s, deep: c = !1, defaultValue: l, shouldEmit: u } = i, d = f(), p = r || d?.emit || (d?.$emit)?.bind(d) || (d?.proxy?.$emit)?.bind(d?.proxy), m = s;
	n ||= "modelValue", m ||= `update:${n.toString()}`;
	let h = (e) => a ? typeof a == "function" ? a(e) : q(e) : e, g = () => pe(e[n]) ? h(e[n]) : l, _ = (e) => {
		u ? u(e) && p(m, e) : p(m, e);
	};
	if (o) {
		let t = g(), r = M(t), i = !1;
		return G(() => e[n], (e) => {
			i || (i = !0, r.value = h(e), b(() => i = !1));
		}), G(r, (t) => {
			!i && (t !== e[n] || c) && _(t);
		}, { deep: c }), r;
	}
	return t({
		get() {
			return g();
		},
		set(e) {
			_(e);
		}
	});
}
var Me = { value: () => {} };
function Ne() {
	for (var e = 0, t = arguments.length, n = {}, r; e < t; ++e) {
		if (!(r = arguments[e] + "") || r in n || /[\s.]/.test(r)) throw Error("illegal type: " + r);
		n[r] = [];
	}
	return new Pe(n);
}
function Pe(e) {
	this._ = e;
}
function Fe(e, t) {
	return e.trim().split(/^|\s+/).map(function(e) {
		var n = "", r = e.indexOf(".");
		if (r >= 0 && (n = e.slice(r + 1), e = e.slice(0, r)), e && !t.hasOwnProperty(e)) throw Error("unknown type: " + e);
		return {
			type: e,
			name: n
		};
	});
}
Pe.prototype = Ne.prototype = {
	constructor: Pe,
	on: function(e, t) {
		var n = this._, r = Fe(e + "", n), i, a = -1, o = r.length;
		if (arguments.length < 2) {
			for (; ++a < o;) if ((i = (e = r[a]).type) && (i = Ie(n[i], e.name))) return i;
		} else {
			if (t != null && typeof t != "function") throw Error("invalid callback: " + t);
			for (; ++a < o;) if (i = (e = r[a]).type) n[i] = Le(n[i], e.name, t);
			else if (t == null) for (i in n) n[i] = Le(n[i], e.name, null);
			return this;
		}
	},
	copy: function() {
		var e = {}, t = this._;
		for (var n in t) e[n] = t[n].slice();
		return new Pe(e);
	},
	call: function(e, t) {
		if ((i = arguments.length - 2) > 0) for (var n = Array(i), r = 0, i, a; r < i; ++r) n[r] = arguments[r + 2];
		if (!this._.hasOwnProperty(e)) throw Error("unknown type: " + e);
		for (a = this._[e], r = 0, i = a.length; r < i; ++r) a[r].value.apply(t, n);
	},
	apply: function(e, t, n) {
		if (!this._.hasOwnProperty(e)) throw Error("unknown type: " + e);
		for (var r = this._[e], i = 0, a = r.length; i < a; ++i) r[i].value.apply(t, n);
	}
};
function Ie(e, t) {
	for (var n = 0, r = e.length, i; n < r; ++n) if ((i = e[n]).name === t) return i.value;
}
function Le(e, t, n) {
	for (var r = 0, i = e.length; r < i; ++r) if (e[r].name === t) {
		e[r] = Me, e = e.slice(0, r).concat(e.slice(r + 1));
		break;
	}
	return n != null && e.push({
		name: t,
		value: n
	}), e;
}
var Re = "http://www.w3.org/1999/xhtml", ze = {
	svg: "http://www.w3.org/2000/svg",
	xhtml: Re,
	xlink: "http://www.w3.org/1999/xlink",
	xml: "http://www.w3.org/XML/1998/namespace",
	xmlns: "http://www.w3.org/2000/xmlns/"
};
function Be(e) {
	var t = e += "", n = t.indexOf(":");
	return n >= 0 && (t = e.slice(0, n)) !== "xmlns" && (e = e.slice(n + 1)), ze.hasOwnProperty(t) ? {
		space: ze[t],
		local: e
	} : e;
}
function Ve(e) {
	return function() {
		var t = this.ownerDocument, n = this.namespaceURI;
		return n === Re && t.documentElement.namespaceURI === Re ? t.createElement(e) : t.createElementNS(n, e);
	};
}
function He(e) {
	return function() {
		return this.ownerDocument.createElementNS(e.space, e.local);
	};
}
function Ue(e) {
	var t = Be(e);
	return (t.local ? He : Ve)(t);
}
function We() {}
function Ge(e) {
	return e == null ? We : function() {
		return this.querySelector(e);
	};
}
function Ke(e) {
	typeof e != "function" && (e = Ge(e));
	for (var t = this._groups, n = t.length, r = Array(n), i = 0; i < n; ++i) for (var a = t[i], o = a.length, s = r[i] = Array(o), c, l, u = 0; u < o; ++u) (c = a[u]) && (l = e.call(c, c.__data__, u, a)) && ("__data__" in c && (l.__data__ = c.__data__), s[u] = l);
	return new Fn(r, this._parents);
}
function qe(e) {
	return e == null ? [] : Array.isArray(e) ? e : Array.from(e);
}
function Je() {
	return [];
}
function Ye(e) {
	return e == null ? Je : function() {
		return this.querySelectorAll(e);
	};
}
function Xe(e) {
	return function() {
		return qe(e.apply(this, arguments));
	};
}
function Ze(e) {
	e = typeof e == "function" ? Xe(e) : Ye(e);
	for (var t = this._groups, n = t.length, r = [], i = [], a = 0; a < n; ++a) for (var o = t[a], s = o.length, c, l = 0; l < s; ++l) (c = o[l]) && (r.push(e.call(c, c.__data__, l, o)), i.push(c));
	return new Fn(r, i);
}
function Qe(e) {
	return function() {
		return this.matches(e);
	};
}
function $e(e) {
	return function(t) {
		return t.matches(e);
	};
}
var et = Array.prototype.find;
function tt(e) {
	return function() {
		return et.call(this.children, e);
	};
}
function nt() {
	return this.firstElementChild;
}
function rt(e) {
	return this.select(e == null ? nt : tt(typeof e == "function" ? e : $e(e)));
}
var it = Array.prototype.filter;
function at() {
	return Array.from(this.children);
}
function ot(e) {
	return function() {
		return it.call(this.children, e);
	};
}
function st(e) {
	return this.selectAll(e == null ? at : ot(typeof e == "function" ? e : $e(e)));
}
function ct(e) {
	typeof e != "function" && (e = Qe(e));
	for (var t = this._groups, n = t.length, r = Array(n), i = 0; i < n; ++i) for (var a = t[i], o = a.length, s = r[i] = [], c, l = 0; l < o; ++l) (c = a[l]) && e.call(c, c.__data__, l, a) && s.push(c);
	return new Fn(r, this._parents);
}
function lt(e) {
	return Array(e.length);
}
function ut() {
	return new Fn(this._enter || this._groups.map(lt), this._parents);
}
function dt(e, t) {
	this.ownerDocument = e.ownerDocument, this.namespaceURI = e.namespaceURI, this._next = null, this._parent = e, this.__data__ = t;
}
dt.prototype = {
	constructor: dt,
	appendChild: function(e) {
		return this._parent.insertBefore(e, this._next);
	},
	insertBefore: function(e, t) {
		return this._parent.insertBefore(e, t);
	},
	querySelector: function(e) {
		return this._parent.querySelector(e);
	},
	querySelectorAll: function(e) {
		return this._parent.querySelectorAll(e);
	}
};
function ft(e) {
	return function() {
		return e;
	};
}
function pt(e, t, n, r, i, a) {
	for (var o = 0, s, c = t.length, l = a.length; o < l; ++o) (s = t[o]) ? (s.__data__ = a[o], r[o] = s) : n[o] = new dt(e, a[o]);
	for (; o < c; ++o) (s = t[o]) && (i[o] = s);
}
function mt(e, t, n, r, i, a, o) {
	var s, c, l = /* @__PURE__ */ new Map(), u = t.length, d = a.length, f = Array(u), p;
	for (s = 0; s < u; ++s) (c = t[s]) && (f[s] = p = o.call(c, c.__data__, s, t) + "", l.has(p) ? i[s] = c : l.set(p, c));
	for (s = 0; s < d; ++s) p = o.call(e, a[s], s, a) + "", (c = l.get(p)) ? (r[s] = c, c.__data__ = a[s], l.delete(p)) : n[s] = new dt(e, a[s]);
	for (s = 0; s < u; ++s) (c = t[s]) && l.get(f[s]) === c && (i[s] = c);
}
function ht(e) {
	return e.__data__;
}
function gt(e, t) {
	if (!arguments.length) return Array.from(this, ht);
	var n = t ? mt : pt, r = this._parents, i = this._groups;
	typeof e != "function" && (e = ft(e));
	for (var a = i.length, o = Array(a), s = Array(a), c = Array(a), l = 0; l < a; ++l) {
		var u = r[l], d = i[l], f = d.length, p = _t(e.call(u, u && u.__data__, l, r)), m = p.length, h = s[l] = Array(m), g = o[l] = Array(m);
		n(u, d, h, g, c[l] = Array(f), p, t);
		for (var _ = 0, v = 0, y, b; _ < m; ++_) if (y = h[_]) {
			for (_ >= v && (v = _ + 1); !(b = g[v]) && ++v < m;);
			y._next = b || null;
		}
	}
	return o = new Fn(o, r), o._enter = s, o._exit = c, o;
}
function _t(e) {
	return typeof e == "object" && "length" in e ? e : Array.from(e);
}
function vt() {
	return new Fn(this._exit || this._groups.map(lt), this._parents);
}
function yt(e, t, n) {
	var r = this.enter(), i = this, a = this.exit();
	return typeof e == "function" ? (r = e(r), r &&= r.selection()) : r = r.append(e + ""), t != null && (i = t(i), i &&= i.selection()), n == null ? a.remove() : n(a), r && i ? r.merge(i).order() : i;
}
function bt(e) {
	for (var t = e.selection ? e.selection() : e, n = this._groups, r = t._groups, i = n.length, a = r.length, o = Math.min(i, a), s = Array(i), c = 0; c < o; ++c) for (var l = n[c], u = r[c], d = l.length, f = s[c] = Array(d), p, m = 0; m < d; ++m) (p = l[m] || u[m]) && (f[m] = p);
	for (; c < i; ++c) s[c] = n[c];
	return new Fn(s, this._parents);
}
function xt() {
	for (var e = this._groups, t = -1, n = e.length; ++t < n;) for (var r = e[t], i = r.length - 1, a = r[i], o; --i >= 0;) (o = r[i]) && (a && o.compareDocumentPosition(a) ^ 4 && a.parentNode.insertBefore(o, a), a = o);
	return this;
}
function St(e) {
	e ||= Ct;
	function t(t, n) {
		return t && n ? e(t.__data__, n.__data__) : !t - !n;
	}
	for (var n = this._groups, r = n.length, i = Array(r), a = 0; a < r; ++a) {
		for (var o = n[a], s = o.length, c = i[a] = Array(s), l, u = 0; u < s; ++u) (l = o[u]) && (c[u] = l);
		c.sort(t);
	}
	return new Fn(i, this._parents).order();
}
function Ct(e, t) {
	return e < t ? -1 : e > t ? 1 : e >= t ? 0 : NaN;
}
function wt() {
	var e = arguments[0];
	return arguments[0] = this, e.apply(null, arguments), this;
}
function Tt() {
	return Array.from(this);
}
function Et() {
	for (var e = this._groups, t = 0, n = e.length; t < n; ++t) for (var r = e[t], i = 0, a = r.length; i < a; ++i) {
		var o = r[i];
		if (o) return o;
	}
	return null;
}
function Dt() {
	let e = 0;
	for (let t of this) ++e;
	return e;
}
function Ot() {
	return !this.node();
}
function kt(e) {
	for (var t = this._groups, n = 0, r = t.length; n < r; ++n) for (var i = t[n], a = 0, o = i.length, s; a < o; ++a) (s = i[a]) && e.call(s, s.__data__, a, i);
	return this;
}
function At(e) {
	return function() {
		this.removeAttribute(e);
	};
}
function jt(e) {
	return function() {
		this.removeAttributeNS(e.space, e.local);
	};
}
function Mt(e, t) {
	return function() {
		this.setAttribute(e, t);
	};
}
function Nt(e, t) {
	return function() {
		this.setAttributeNS(e.space, e.local, t);
	};
}
function Pt(e, t) {
	return function() {
		var n = t.apply(this, arguments);
		n == null ? this.removeAttribute(e) : this.setAttribute(e, n);
	};
}
function Ft(e, t) {
	return function() {
		var n = t.apply(this, arguments);
		n == null ? this.removeAttributeNS(e.space, e.local) : this.setAttributeNS(e.space, e.local, n);
	};
}
function It(e, t) {
	var n = Be(e);
	if (arguments.length < 2) {
		var r = this.node();
		return n.local ? r.getAttributeNS(n.space, n.local) : r.getAttribute(n);
	}
	return this.each((t == null ? n.local ? jt : At : typeof t == "function" ? n.local ? Ft : Pt : n.local ? Nt : Mt)(n, t));
}
function Lt(e) {
	return e.ownerDocument && e.ownerDocument.defaultView || e.document && e || e.defaultView;
}
function Rt(e) {
	return function() {
		this.style.removeProperty(e);
	};
}
function zt(e, t, n) {
	return function() {
		this.style.setProperty(e, t, n);
	};
}
function Bt(e, t, n) {
	return function() {
		var r = t.apply(this, arguments);
		r == null ? this.style.removeProperty(e) : this.style.setProperty(e, r, n);
	};
}
function Vt(e, t, n) {
	return arguments.length > 1 ? this.each((t == null ? Rt : typeof t == "function" ? Bt : zt)(e, t, n ?? "")) : Ht(this.node(), e);
}
function Ht(e, t) {
	return e.style.getPropertyValue(t) || Lt(e).getComputedStyle(e, null).getPropertyValue(t);
}
function Ut(e) {
	return function() {
		delete this[e];
	};
}
function Wt(e, t) {
	return function() {
		this[e] = t;
	};
}
function Gt(e, t) {
	return function() {
		var n = t.apply(this, arguments);
		n == null ? delete this[e] : this[e] = n;
	};
}
function Kt(e, t) {
	return arguments.length > 1 ? this.each((t == null ? Ut : typeof t == "function" ? Gt : Wt)(e, t)) : this.node()[e];
}
function qt(e) {
	return e.trim().split(/^|\s+/);
}
function Jt(e) {
	return e.classList || new Yt(e);
}
function Yt(e) {
	this._node = e, this._names = qt(e.getAttribute("class") || "");
}
Yt.prototype = {
	add: function(e) {
		this._names.indexOf(e) < 0 && (this._names.push(e), this._node.setAttribute("class", this._names.join(" ")));
	},
	remove: function(e) {
		var t = this._names.indexOf(e);
		t >= 0 && (this._names.splice(t, 1), this._node.setAttribute("class", this._names.join(" ")));
	},
	contains: function(e) {
		return this._names.indexOf(e) >= 0;
	}
};
function Xt(e, t) {
	for (var n = Jt(e), r = -1, i = t.length; ++r < i;) n.add(t[r]);
}
function Zt(e, t) {
	for (var n = Jt(e), r = -1, i = t.length; ++r < i;) n.remove(t[r]);
}
function Qt(e) {
	return function() {
		Xt(this, e);
	};
}
function $t(e) {
	return function() {
		Zt(this, e);
	};
}
function en(e, t) {
	return function() {
		(t.apply(this, arguments) ? Xt : Zt)(this, e);
	};
}
function tn(e, t) {
	var n = qt(e + "");
	if (arguments.length < 2) {
		for (var r = Jt(this.node()), i = -1, a = n.length; ++i < a;) if (!r.contains(n[i])) return !1;
		return !0;
	}
	return this.each((typeof t == "function" ? en : t ? Qt : $t)(n, t));
}
function nn() {
	this.textContent = "";
}
function rn(e) {
	return function() {
		this.textContent = e;
	};
}
function an(e) {
	return function() {
		var t = e.apply(this, arguments);
		this.textContent = t ?? "";
	};
}
function on(e) {
	return arguments.length ? this.each(e == null ? nn : (typeof e == "function" ? an : rn)(e)) : this.node().textContent;
}
function sn() {
	this.innerHTML = "";
}
function cn(e) {
	return function() {
		this.innerHTML = e;
	};
}
function ln(e) {
	return function() {
		var t = e.apply(this, arguments);
		this.innerHTML = t ?? "";
	};
}
function un(e) {
	return arguments.length ? this.each(e == null ? sn : (typeof e == "function" ? ln : cn)(e)) : this.node().innerHTML;
}
function dn() {
	this.nextSibling && this.parentNode.appendChild(this);
}
function fn() {
	return this.each(dn);
}
function pn() {
	this.previousSibling && this.parentNode.insertBefore(this, this.parentNode.firstChild);
}
function mn() {
	return this.each(pn);
}
function hn(e) {
	var t = typeof e == "function" ? e : Ue(e);
	return this.select(function() {
		return this.appendChild(t.apply(this, arguments));
	});
}
function gn() {
	return null;
}
function _n(e, t) {
	var n = typeof e == "function" ? e : Ue(e), r = t == null ? gn : typeof t == "function" ? t : Ge(t);
	return this.select(function() {
		return this.insertBefore(n.apply(this, arguments), r.apply(this, arguments) || null);
	});
}
function vn() {
	var e = this.parentNode;
	e && e.removeChild(this);
}
function yn() {
	return this.each(vn);
}
function bn() {
	var e = this.cloneNode(!1), t = this.parentNode;
	return t ? t.insertBefore(e, this.nextSibling) : e;
}
function xn() {
	var e = this.cloneNode(!0), t = this.parentNode;
	return t ? t.insertBefore(e, this.nextSibling) : e;
}
function Sn(e) {
	return this.select(e ? xn : bn);
}
function Cn(e) {
	return arguments.length ? this.property("__data__", e) : this.node().__data__;
}
function wn(e) {
	return function(t) {
		e.call(this, t, this.__data__);
	};
}
function Tn(e) {
	return e.trim().split(/^|\s+/).map(function(e) {
		var t = "", n = e.indexOf(".");
		return n >= 0 && (t = e.slice(n + 1), e = e.slice(0, n)), {
			type: e,
			name: t
		};
	});
}
function En(e) {
	return function() {
		var t = this.__on;
		if (t) {
			for (var n = 0, r = -1, i = t.length, a; n < i; ++n) a = t[n], (!e.type || a.type === e.type) && a.name === e.name ? this.removeEventListener(a.type, a.listener, a.options) : t[++r] = a;
			++r ? t.length = r : delete this.__on;
		}
	};
}
function Dn(e, t, n) {
	return function() {
		var r = this.__on, i, a = wn(t);
		if (r) {
			for (var o = 0, s = r.length; o < s; ++o) if ((i = r[o]).type === e.type && i.name === e.name) {
				this.removeEventListener(i.type, i.listener, i.options), this.addEventListener(i.type, i.listener = a, i.options = n), i.value = t;
				return;
			}
		}
		this.addEventListener(e.type, a, n), i = {
			type: e.type,
			name: e.name,
			value: t,
			listener: a,
			options: n
		}, r ? r.push(i) : this.__on = [i];
	};
}
function On(e, t, n) {
	var r = Tn(e + ""), i, a = r.length, o;
	if (arguments.length < 2) {
		var s = this.node().__on;
		if (s) {
			for (var c = 0, l = s.length, u; c < l; ++c) for (i = 0, u = s[c]; i < a; ++i) if ((o = r[i]).type === u.type && o.name === u.name) return u.value;
		}
	} else {
		for (s = t ? Dn : En, i = 0; i < a; ++i) this.each(s(r[i], t, n));
		return this;
	}
}
function kn(e, t, n) {
	var r = Lt(e), i = r.CustomEvent;
	typeof i == "function" ? i = new i(t, n) : (i = r.document.createEvent("Event"), n ? (i.initEvent(t, n.bubbles, n.cancelable), i.detail = n.detail) : i.initEvent(t, !1, !1)), e.dispatchEvent(i);
}
function An(e, t) {
	return function() {
		return kn(this, e, t);
	};
}
function jn(e, t) {
	return function() {
		return kn(this, e, t.apply(this, arguments));
	};
}
function Mn(e, t) {
	return this.each((typeof t == "function" ? jn : An)(e, t));
}
function* Nn() {
	for (var e = this._groups, t = 0, n = e.length; t < n; ++t) for (var r = e[t], i = 0, a = r.length, o; i < a; ++i) (o = r[i]) && (yield o);
}
var Pn = [null];
function Fn(e, t) {
	this._groups = e, this._parents = t;
}
function In() {
	return new Fn([[document.documentElement]], Pn);
}
function Ln() {
	return this;
}
Fn.prototype = In.prototype = {
	constructor: Fn,
	select: Ke,
	selectAll: Ze,
	selectChild: rt,
	selectChildren: st,
	filter: ct,
	data: gt,
	enter: ut,
	exit: vt,
	join: yt,
	merge: bt,
	selection: Ln,
	order: xt,
	sort: St,
	call: wt,
	nodes: Tt,
	node: Et,
	size: Dt,
	empty: Ot,
	each: kt,
	attr: It,
	style: Vt,
	property: Kt,
	classed: tn,
	text: on,
	html: un,
	raise: fn,
	lower: mn,
	append: hn,
	insert: _n,
	remove: yn,
	clone: Sn,
	datum: Cn,
	on: On,
	dispatch: Mn,
	[Symbol.iterator]: Nn
};
function Rn(e) {
	return typeof e == "string" ? new Fn([[document.querySelector(e)]], [document.documentElement]) : new Fn([[e]], Pn);
}
function zn(e) {
	let t;
	for (; t = e.sourceEvent;) e = t;
	return e;
}
function Bn(e, t) {
	if (e = zn(e), t === void 0 && (t = e.currentTarget), t) {
		var n = t.ownerSVGElement || t;
		if (n.createSVGPoint) {
			var r = n.createSVGPoint();
			return r.x = e.clientX, r.y = e.clientY, r = r.matrixTransform(t.getScreenCTM().inverse()), [r.x, r.y];
		}
		if (t.getBoundingClientRect) {
			var i = t.getBoundingClientRect();
			return [e.clientX - i.left - t.clientLeft, e.clientY - i.top - t.clientTop];
		}
	}
	return [e.pageX, e.pageY];
}
var Vn = { passive: !1 }, Hn = {
	capture: !0,
	passive: !1
};
function Un(e) {
	e.stopImmediatePropagation();
}
function Wn(e) {
	e.preventDefault(), e.stopImmediatePropagation();
}
function Gn(e) {
	var t = e.document.documentElement, n = Rn(e).on("dragstart.drag", Wn, Hn);
	"onselectstart" in t ? n.on("selectstart.drag", Wn, Hn) : (t.__noselect = t.style.MozUserSelect, t.style.MozUserSelect = "none");
}
function Kn(e, t) {
	var n = e.document.documentElement, r = Rn(e).on("dragstart.drag", null);
	t && (r.on("click.drag", Wn, Hn), setTimeout(function() {
		r.on("click.drag", null);
	}, 0)), "onselectstart" in n ? r.on("selectstart.drag", null) : (n.style.MozUserSelect = n.__noselect, delete n.__noselect);
}
var qn = (e) => () => e;
function Jn(e, { sourceEvent: t, subject: n, target: r, identifier: i, active: a, x: o, y: s, dx: c, dy: l, dispatch: u }) {
	Object.defineProperties(this, {
		type: {
			value: e,
			enumerable: !0,
			configurable: !0
		},
		sourceEvent: {
			value: t,
			enumerable: !0,
			configurable: !0
		},
		subject: {
			value: n,
			enumerable: !0,
			configurable: !0
		},
		target: {
			value: r,
			enumerable: !0,
			configurable: !0
		},
		identifier: {
			value: i,
			enumerable: !0,
			configurable: !0
		},
		active: {
			value: a,
			enumerable: !0,
			configurable: !0
		},
		x: {
			value: o,
			enumerable: !0,
			configurable: !0
		},
		y: {
			value: s,
			enumerable: !0,
			configurable: !0
		},
		dx: {
			value: c,
			enumerable: !0,
			configurable: !0
		},
		dy: {
			value: l,
			enumerable: !0,
			configurable: !0
		},
		_: { value: u }
	});
}
Jn.prototype.on = function() {
	var e = this._.on.apply(this._, arguments);
	return e === this._ ? this : e;
};
function Yn(e) {
	return !e.ctrlKey && !e.button;
}
function Xn() {
	return this.parentNode;
}
function Zn(e, t) {
	return t ?? {
		x: e.x,
		y: e.y
	};
}
function Qn() {
	return navigator.maxTouchPoints || "ontouchstart" in this;
}
function $n() {
	var e = Yn, t = Xn, n = Zn, r = Qn, i = {}, a = Ne("start", "drag", "end"), o = 0, s, c, l, u, d = 0;
	function f(e) {
		e.on("mousedown.drag", p).filter(r).on("touchstart.drag", g).on("touchmove.drag", _, Vn).on("touchend.drag touchcancel.drag", v).style("touch-action", "none").style("-webkit-tap-highlight-color", "rgba(0,0,0,0)");
	}
	function p(n, r) {
		if (!u && e.call(this, n, r)) {
			var i = y(this, t.call(this, n, r), n, r, "mouse");
			i && (Rn(n.view).on("mousemove.drag", m, Hn).on("mouseup.drag", h, Hn), Gn(n.view), Un(n), l = !1, s = n.clientX, c = n.clientY, i("start", n));
		}
	}
	function m(e) {
		if (Wn(e), !l) {
			var t = e.clientX - s, n = e.clientY - c;
			l = t * t + n * n > d;
		}
		i.mouse("drag", e);
	}
	function h(e) {
		Rn(e.view).on("mousemove.drag mouseup.drag", null), Kn(e.view, l), Wn(e), i.mouse("end", e);
	}
	function g(n, r) {
		if (e.call(this, n, r)) for (var i = n.changedTouches, a = t.call(this, n, r), o = i.length, s = 0, c; s < o; ++s) (c = y(this, a, n, r, i[s].identifier, i[s])) && (Un(n), c("start", n, i[s]));
	}
	function _(e) {
		for (var t = e.changedTouches, n = t.length, r = 0, a; r < n; ++r) (a = i[t[r].identifier]) && (Wn(e), a("drag", e, t[r]));
	}
	function v(e) {
		var t = e.changedTouches, n = t.length, r, a;
		for (u && clearTimeout(u), u = setTimeout(function() {
			u = null;
		}, 500), r = 0; r < n; ++r) (a = i[t[r].identifier]) && (Un(e), a("end", e, t[r]));
	}
	function y(e, t, r, s, c, l) {
		var u = a.copy(), d = Bn(l || r, t), p, m, h;
		if ((h = n.call(e, new Jn("beforestart", {
			sourceEvent: r,
			target: f,
			identifier: c,
			active: o,
			x: d[0],
			y: d[1],
			dx: 0,
			dy: 0,
			dispatch: u
		}), s)) != null) return p = h.x - d[0] || 0, m = h.y - d[1] || 0, function n(r, a, l) {
			var g = d, _;
			switch (r) {
				case "start":
					i[c] = n, _ = o++;
					break;
				case "end": delete i[c], --o;
				case "drag": d = Bn(l || a, t), _ = o;
			}
			u.call(r, e, new Jn(r, {
				sourceEvent: a,
				subject: h,
				target: f,
				identifier: c,
				active: _,
				x: d[0] + p,
				y: d[1] + m,
				dx: d[0] - g[0],
				dy: d[1] - g[1],
				dispatch: u
			}), s);
		};
	}
	return f.filter = function(t) {
		return arguments.length ? (e = typeof t == "function" ? t : qn(!!t), f) : e;
	}, f.container = function(e) {
		return arguments.length ? (t = typeof e == "function" ? e : qn(e), f) : t;
	}, f.subject = function(e) {
		return arguments.length ? (n = typeof e == "function" ? e : qn(e), f) : n;
	}, f.touchable = function(e) {
		return arguments.length ? (r = typeof e == "function" ? e : qn(!!e), f) : r;
	}, f.on = function() {
		var e = a.on.apply(a, arguments);
		return e === a ? f : e;
	}, f.clickDistance = function(e) {
		return arguments.length ? (d = (e = +e) * e, f) : Math.sqrt(d);
	}, f;
}
function er(e, t, n) {
	e.prototype = t.prototype = n, n.constructor = e;
}
function tr(e, t) {
	var n = Object.create(e.prototype);
	for (var r in t) n[r] = t[r];
	return n;
}
function nr() {}
var rr = .7, ir = 1 / rr, ar = "\\s*([+-]?\\d+)\\s*", or = "\\s*([+-]?(?:\\d*\\.)?\\d+(?:[eE][+-]?\\d+)?)\\s*", sr = "\\s*([+-]?(?:\\d*\\.)?\\d+(?:[eE][+-]?\\d+)?)%\\s*", cr = /^#([0-9a-f]{3,8})$/, lr = RegExp(`^rgb\\(${ar},${ar},${ar}\\)$`), ur = RegExp(`^rgb\\(${sr},${sr},${sr}\\)$`), dr = RegExp(`^rgba\\(${ar},${ar},${ar},${or}\\)$`), fr = RegExp(`^rgba\\(${sr},${sr},${sr},${or}\\)$`), pr = RegExp(`^hsl\\(${or},${sr},${sr}\\)$`), mr = RegExp(`^hsla\\(${or},${sr},${sr},${or}\\)$`), hr = {
	aliceblue: 15792383,
	antiquewhite: 16444375,
	aqua: 65535,
	aquamarine: 8388564,
	azure: 15794175,
	beige: 16119260,
	bisque: 16770244,
	black: 0,
	blanchedalmond: 16772045,
	blue: 255,
	blueviolet: 9055202,
	brown: 10824234,
	burlywood: 14596231,
	cadetblue: 6266528,
	chartreuse: 8388352,
	chocolate: 13789470,
	coral: 16744272,
	cornflowerblue: 6591981,
	cornsilk: 16775388,
	crimson: 14423100,
	cyan: 65535,
	darkblue: 139,
	darkcyan: 35723,
	darkgoldenrod: 12092939,
	darkgray: 11119017,
	darkgreen: 25600,
	darkgrey: 11119017,
	darkkhaki: 12433259,
	darkmagenta: 9109643,
	darkolivegreen: 5597999,
	darkorange: 16747520,
	darkorchid: 10040012,
	darkred: 9109504,
	darksalmon: 15308410,
	darkseagreen: 9419919,
	darkslateblue: 4734347,
	darkslategray: 3100495,
	darkslategrey: 3100495,
	darkturquoise: 52945,
	darkviolet: 9699539,
	deeppink: 16716947,
	deepskyblue: 49151,
	dimgray: 6908265,
	dimgrey: 6908265,
	dodgerblue: 2003199,
	firebrick: 11674146,
	floralwhite: 16775920,
	forestgreen: 2263842,
	fuchsia: 16711935,
	gainsboro: 14474460,
	ghostwhite: 16316671,
	gold: 16766720,
	goldenrod: 14329120,
	gray: 8421504,
	green: 32768,
	greenyellow: 11403055,
	grey: 8421504,
	honeydew: 15794160,
	hotpink: 16738740,
	indianred: 13458524,
	indigo: 4915330,
	ivory: 16777200,
	khaki: 15787660,
	lavender: 15132410,
	lavenderblush: 16773365,
	lawngreen: 8190976,
	lemonchiffon: 16775885,
	lightblue: 11393254,
	lightcoral: 15761536,
	lightcyan: 14745599,
	lightgoldenrodyellow: 16448210,
	lightgray: 13882323,
	lightgreen: 9498256,
	lightgrey: 13882323,
	lightpink: 16758465,
	lightsalmon: 16752762,
	lightseagreen: 2142890,
	lightskyblue: 8900346,
	lightslategray: 7833753,
	lightslategrey: 7833753,
	lightsteelblue: 11584734,
	lightyellow: 16777184,
	lime: 65280,
	limegreen: 3329330,
	linen: 16445670,
	magenta: 16711935,
	maroon: 8388608,
	mediumaquamarine: 6737322,
	mediumblue: 205,
	mediumorchid: 12211667,
	mediumpurple: 9662683,
	mediumseagreen: 3978097,
	mediumslateblue: 8087790,
	mediumspringgreen: 64154,
	mediumturquoise: 4772300,
	mediumvioletred: 13047173,
	midnightblue: 1644912,
	mintcream: 16121850,
	mistyrose: 16770273,
	moccasin: 16770229,
	navajowhite: 16768685,
	navy: 128,
	oldlace: 16643558,
	olive: 8421376,
	olivedrab: 7048739,
	orange: 16753920,
	orangered: 16729344,
	orchid: 14315734,
	palegoldenrod: 15657130,
	palegreen: 10025880,
	paleturquoise: 11529966,
	palevioletred: 14381203,
	papayawhip: 16773077,
	peachpuff: 16767673,
	peru: 13468991,
	pink: 16761035,
	plum: 14524637,
	powderblue: 11591910,
	purple: 8388736,
	rebeccapurple: 6697881,
	red: 16711680,
	rosybrown: 12357519,
	royalblue: 4286945,
	saddlebrown: 9127187,
	salmon: 16416882,
	sandybrown: 16032864,
	seagreen: 3050327,
	seashell: 16774638,
	sienna: 10506797,
	silver: 12632256,
	skyblue: 8900331,
	slateblue: 6970061,
	slategray: 7372944,
	slategrey: 7372944,
	snow: 16775930,
	springgreen: 65407,
	steelblue: 4620980,
	tan: 13808780,
	teal: 32896,
	thistle: 14204888,
	tomato: 16737095,
	turquoise: 4251856,
	violet: 15631086,
	wheat: 16113331,
	white: 16777215,
	whitesmoke: 16119285,
	yellow: 16776960,
	yellowgreen: 10145074
};
er(nr, br, {
	copy(e) {
		return Object.assign(new this.constructor(), this, e);
	},
	displayable() {
		return this.rgb().displayable();
	},
	hex: gr,
	formatHex: gr,
	formatHex8: _r,
	formatHsl: vr,
	formatRgb: yr,
	toString: yr
});
function gr() {
	return this.rgb().formatHex();
}
function _r() {
	return this.rgb().formatHex8();
}
function vr() {
	return Nr(this).formatHsl();
}
function yr() {
	return this.rgb().formatRgb();
}
function br(e) {
	var t, n;
	return e = (e + "").trim().toLowerCase(), (t = cr.exec(e)) ? (n = t[1].length, t = parseInt(t[1], 16), n === 6 ? xr(t) : n === 3 ? new Tr(t >> 8 & 15 | t >> 4 & 240, t >> 4 & 15 | t & 240, (t & 15) << 4 | t & 15, 1) : n === 8 ? Sr(t >> 24 & 255, t >> 16 & 255, t >> 8 & 255, (t & 255) / 255) : n === 4 ? Sr(t >> 12 & 15 | t >> 8 & 240, t >> 8 & 15 | t >> 4 & 240, t >> 4 & 15 | t & 240, ((t & 15) << 4 | t & 15) / 255) : null) : (t = lr.exec(e)) ? new Tr(t[1], t[2], t[3], 1) : (t = ur.exec(e)) ? new Tr(t[1] * 255 / 100, t[2] * 255 / 100, t[3] * 255 / 100, 1) : (t = dr.exec(e)) ? Sr(t[1], t[2], t[3], t[4]) : (t = fr.exec(e)) ? Sr(t[1] * 255 / 100, t[2] * 255 / 100, t[3] * 255 / 100, t[4]) : (t = pr.exec(e)) ? Mr(t[1], t[2] / 100, t[3] / 100, 1) : (t = mr.exec(e)) ? Mr(t[1], t[2] / 100, t[3] / 100, t[4]) : hr.hasOwnProperty(e) ? xr(hr[e]) : e === "transparent" ? new Tr(NaN, NaN, NaN, 0) : null;
}
function xr(e) {
	return new Tr(e >> 16 & 255, e >> 8 & 255, e & 255, 1);
}
function Sr(e, t, n, r) {
	return r <= 0 && (e = t = n = NaN), new Tr(e, t, n, r);
}
function Cr(e) {
	return e instanceof nr || (e = br(e)), e ? (e = e.rgb(), new Tr(e.r, e.g, e.b, e.opacity)) : new Tr();
}
function wr(e, t, n, r) {
	return arguments.length === 1 ? Cr(e) : new Tr(e, t, n, r ?? 1);
}
function Tr(e, t, n, r) {
	this.r = +e, this.g = +t, this.b = +n, this.opacity = +r;
}
er(Tr, wr, tr(nr, {
	brighter(e) {
		return e = e == null ? ir : ir ** +e, new Tr(this.r * e, this.g * e, this.b * e, this.opacity);
	},
	darker(e) {
		return e = e == null ? rr : rr ** +e, new Tr(this.r * e, this.g * e, this.b * e, this.opacity);
	},
	rgb() {
		return this;
	},
	clamp() {
		return new Tr(Ar(this.r), Ar(this.g), Ar(this.b), kr(this.opacity));
	},
	displayable() {
		return -.5 <= this.r && this.r < 255.5 && -.5 <= this.g && this.g < 255.5 && -.5 <= this.b && this.b < 255.5 && 0 <= this.opacity && this.opacity <= 1;
	},
	hex: Er,
	formatHex: Er,
	formatHex8: Dr,
	formatRgb: Or,
	toString: Or
}));
function Er() {
	return `#${jr(this.r)}${jr(this.g)}${jr(this.b)}`;
}
function Dr() {
	return `#${jr(this.r)}${jr(this.g)}${jr(this.b)}${jr((isNaN(this.opacity) ? 1 : this.opacity) * 255)}`;
}
function Or() {
	let e = kr(this.opacity);
	return `${e === 1 ? "rgb(" : "rgba("}${Ar(this.r)}, ${Ar(this.g)}, ${Ar(this.b)}${e === 1 ? ")" : `, ${e})`}`;
}
function kr(e) {
	return isNaN(e) ? 1 : Math.max(0, Math.min(1, e));
}
function Ar(e) {
	return Math.max(0, Math.min(255, Math.round(e) || 0));
}
function jr(e) {
	return e = Ar(e), (e < 16 ? "0" : "") + e.toString(16);
}
function Mr(e, t, n, r) {
	return r <= 0 ? e = t = n = NaN : n <= 0 || n >= 1 ? e = t = NaN : t <= 0 && (e = NaN), new Fr(e, t, n, r);
}
function Nr(e) {
	if (e instanceof Fr) return new Fr(e.h, e.s, e.l, e.opacity);
	if (e instanceof nr || (e = br(e)), !e) return new Fr();
	if (e instanceof Fr) return e;
	e = e.rgb();
	var t = e.r / 255, n = e.g / 255, r = e.b / 255, i = Math.min(t, n, r), a = Math.max(t, n, r), o = NaN, s = a - i, c = (a + i) / 2;
	return s ? (o = t === a ? (n - r) / s + (n < r) * 6 : n === a ? (r - t) / s + 2 : (t - n) / s + 4, s /= c < .5 ? a + i : 2 - a - i, o *= 60) : s = c > 0 && c < 1 ? 0 : o, new Fr(o, s, c, e.opacity);
}
function Pr(e, t, n, r) {
	return arguments.length === 1 ? Nr(e) : new Fr(e, t, n, r ?? 1);
}
function Fr(e, t, n, r) {
	this.h = +e, this.s = +t, this.l = +n, this.opacity = +r;
}
er(Fr, Pr, tr(nr, {
	brighter(e) {
		return e = e == null ? ir : ir ** +e, new Fr(this.h, this.s, this.l * e, this.opacity);
	},
	darker(e) {
		return e = e == null ? rr : rr ** +e, new Fr(this.h, this.s, this.l * e, this.opacity);
	},
	rgb() {
		var e = this.h % 360 + (this.h < 0) * 360, t = isNaN(e) || isNaN(this.s) ? 0 : this.s, n = this.l, r = n + (n < .5 ? n : 1 - n) * t, i = 2 * n - r;
		return new Tr(Rr(e >= 240 ? e - 240 : e + 120, i, r), Rr(e, i, r), Rr(e < 120 ? e + 240 : e - 120, i, r), this.opacity);
	},
	clamp() {
		return new Fr(Ir(this.h), Lr(this.s), Lr(this.l), kr(this.opacity));
	},
	displayable() {
		return (0 <= this.s && this.s <= 1 || isNaN(this.s)) && 0 <= this.l && this.l <= 1 && 0 <= this.opacity && this.opacity <= 1;
	},
	formatHsl() {
		let e = kr(this.opacity);
		return `${e === 1 ? "hsl(" : "hsla("}${Ir(this.h)}, ${Lr(this.s) * 100}%, ${Lr(this.l) * 100}%${e === 1 ? ")" : `, ${e})`}`;
	}
}));
function Ir(e) {
	return e = (e || 0) % 360, e < 0 ? e + 360 : e;
}
function Lr(e) {
	return Math.max(0, Math.min(1, e || 0));
}
function Rr(e, t, n) {
	return (e < 60 ? t + (n - t) * e / 60 : e < 180 ? n : e < 240 ? t + (n - t) * (240 - e) / 60 : t) * 255;
}
var zr = (e) => () => e;
function Br(e, t) {
	return function(n) {
		return e + n * t;
	};
}
function Vr(e, t, n) {
	return e **= +n, t = t ** +n - e, n = 1 / n, function(r) {
		return (e + r * t) ** +n;
	};
}
function Hr(e) {
	return (e = +e) == 1 ? Ur : function(t, n) {
		return n - t ? Vr(t, n, e) : zr(isNaN(t) ? n : t);
	};
}
function Ur(e, t) {
	var n = t - e;
	return n ? Br(e, n) : zr(isNaN(e) ? t : e);
}
var Wr = function e(t) {
	var n = Hr(t);
	function r(e, t) {
		var r = n((e = wr(e)).r, (t = wr(t)).r), i = n(e.g, t.g), a = n(e.b, t.b), o = Ur(e.opacity, t.opacity);
		return function(t) {
			return e.r = r(t), e.g = i(t), e.b = a(t), e.opacity = o(t), e + "";
		};
	}
	return r.gamma = e, r;
}(1);
function Gr(e, t) {
	t ||= [];
	var n = e ? Math.min(t.length, e.length) : 0, r = t.slice(), i;
	return function(a) {
		for (i = 0; i < n; ++i) r[i] = e[i] * (1 - a) + t[i] * a;
		return r;
	};
}
function Kr(e) {
	return ArrayBuffer.isView(e) && !(e instanceof DataView);
}
function qr(e, t) {
	for (var n = t ? t.length : 0, r = e ? Math.min(n, e.length) : 0, i = Array(r), a = Array(n), o = 0; o < r; ++o) i[o] = ni(e[o], t[o]);
	for (; o < n; ++o) a[o] = t[o];
	return function(e) {
		for (o = 0; o < r; ++o) a[o] = i[o](e);
		return a;
	};
}
function Jr(e, t) {
	var n = /* @__PURE__ */ new Date();
	return e = +e, t = +t, function(r) {
		return n.setTime(e * (1 - r) + t * r), n;
	};
}
function Yr(e, t) {
	return e = +e, t = +t, function(n) {
		return e * (1 - n) + t * n;
	};
}
function Xr(e, t) {
	var n = {}, r = {}, i;
	for (i in typeof e == "object" && e || (e = {}), typeof t == "object" && t || (t = {}), t) i in e ? n[i] = ni(e[i], t[i]) : r[i] = t[i];
	return function(e) {
		for (i in n) r[i] = n[i](e);
		return r;
	};
}
var Zr = /[-+]?(?:\d+\.?\d*|\.?\d+)(?:[eE][-+]?\d+)?/g, Qr = new RegExp(Zr.source, "g");
function $r(e) {
	return function() {
		return e;
	};
}
function ei(e) {
	return function(t) {
		return e(t) + "";
	};
}
function ti(e, t) {
	var n = Zr.lastIndex = Qr.lastIndex = 0, r, i, a, o = -1, s = [], c = [];
	for (e += "", t += ""; (r = Zr.exec(e)) && (i = Qr.exec(t));) (a = i.index) > n && (a = t.slice(n, a), s[o] ? s[o] += a : s[++o] = a), (r = r[0]) === (i = i[0]) ? s[o] ? s[o] += i : s[++o] = i : (s[++o] = null, c.push({
		i: o,
		x: Yr(r, i)
	})), n = Qr.lastIndex;
	return n < t.length && (a = t.slice(n), s[o] ? s[o] += a : s[++o] = a), s.length < 2 ? c[0] ? ei(c[0].x) : $r(t) : (t = c.length, function(e) {
		for (var n = 0, r; n < t; ++n) s[(r = c[n]).i] = r.x(e);
		return s.join("");
	});
}
function ni(e, t) {
	var n = typeof t, r;
	return t == null || n === "boolean" ? zr(t) : (n === "number" ? Yr : n === "string" ? (r = br(t)) ? (t = r, Wr) : ti : t instanceof br ? Wr : t instanceof Date ? Jr : Kr(t) ? Gr : Array.isArray(t) ? qr : typeof t.valueOf != "function" && typeof t.toString != "function" || isNaN(t) ? Xr : Yr)(e, t);
}
var ri = 180 / Math.PI, ii = {
	translateX: 0,
	translateY: 0,
	rotate: 0,
	skewX: 0,
	scaleX: 1,
	scaleY: 1
};
function ai(e, t, n, r, i, a) {
	var o, s, c;
	return (o = Math.sqrt(e * e + t * t)) && (e /= o, t /= o), (c = e * n + t * r) && (n -= e * c, r -= t * c), (s = Math.sqrt(n * n + r * r)) && (n /= s, r /= s, c /= s), e * r < t * n && (e = -e, t = -t, c = -c, o = -o), {
		translateX: i,
		translateY: a,
		rotate: Math.atan2(t, e) * ri,
		skewX: Math.atan(c) * ri,
		scaleX: o,
		scaleY: s
	};
}
var oi;
function si(e) {
	let t = new (typeof DOMMatrix == "function" ? DOMMatrix : WebKitCSSMatrix)(e + "");
	return t.isIdentity ? ii : ai(t.a, t.b, t.c, t.d, t.e, t.f);
}
function ci(e) {
	return e == null || (oi ||= document.createElementNS("http://www.w3.org/2000/svg", "g"), oi.setAttribute("transform", e), !(e = oi.transform.baseVal.consolidate())) ? ii : (e = e.matrix, ai(e.a, e.b, e.c, e.d, e.e, e.f));
}
function li(e, t, n, r) {
	function i(e) {
		return e.length ? e.pop() + " " : "";
	}
	function a(e, r, i, a, o, s) {
		if (e !== i || r !== a) {
			var c = o.push("translate(", null, t, null, n);
			s.push({
				i: c - 4,
				x: Yr(e, i)
			}, {
				i: c - 2,
				x: Yr(r, a)
			});
		} else (i || a) && o.push("translate(" + i + t + a + n);
	}
	function o(e, t, n, a) {
		e === t ? t && n.push(i(n) + "rotate(" + t + r) : (e - t > 180 ? t += 360 : t - e > 180 && (e += 360), a.push({
			i: n.push(i(n) + "rotate(", null, r) - 2,
			x: Yr(e, t)
		}));
	}
	function s(e, t, n, a) {
		e === t ? t && n.push(i(n) + "skewX(" + t + r) : a.push({
			i: n.push(i(n) + "skewX(", null, r) - 2,
			x: Yr(e, t)
		});
	}
	function c(e, t, n, r, a, o) {
		if (e !== n || t !== r) {
			var s = a.push(i(a) + "scale(", null, ",", null, ")");
			o.push({
				i: s - 4,
				x: Yr(e, n)
			}, {
				i: s - 2,
				x: Yr(t, r)
			});
		} else (n !== 1 || r !== 1) && a.push(i(a) + "scale(" + n + "," + r + ")");
	}
	return function(t, n) {
		var r = [], i = [];
		return t = e(t), n = e(n), a(t.translateX, t.translateY, n.translateX, n.translateY, r, i), o(t.rotate, n.rotate, r, i), s(t.skewX, n.skewX, r, i), c(t.scaleX, t.scaleY, n.scaleX, n.scaleY, r, i), t = n = null, function(e) {
			for (var t = -1, n = i.length, a; ++t < n;) r[(a = i[t]).i] = a.x(e);
			return r.join("");
		};
	};
}
var ui = li(si, "px, ", "px)", "deg)"), di = li(ci, ", ", ")", ")"), fi = 1e-12;
function pi(e) {
	return ((e = Math.exp(e)) + 1 / e) / 2;
}
function mi(e) {
	return ((e = Math.exp(e)) - 1 / e) / 2;
}
function hi(e) {
	return ((e = Math.exp(2 * e)) - 1) / (e + 1);
}
var gi = function e(t, n, r) {
	function i(e, i) {
		var a = e[0], o = e[1], s = e[2], c = i[0], l = i[1], u = i[2], d = c - a, f = l - o, p = d * d + f * f, m, h;
		if (p < fi) h = Math.log(u / s) / t, m = function(e) {
			return [
				a + e * d,
				o + e * f,
				s * Math.exp(t * e * h)
			];
		};
		else {
			var g = Math.sqrt(p), _ = (u * u - s * s + r * p) / (2 * s * n * g), v = (u * u - s * s - r * p) / (2 * u * n * g), y = Math.log(Math.sqrt(_ * _ + 1) - _);
			h = (Math.log(Math.sqrt(v * v + 1) - v) - y) / t, m = function(e) {
				var r = e * h, i = pi(y), c = s / (n * g) * (i * hi(t * r + y) - mi(y));
				return [
					a + c * d,
					o + c * f,
					s * i / pi(t * r + y)
				];
			};
		}
		return m.duration = h * 1e3 * t / Math.SQRT2, m;
	}
	return i.rho = function(t) {
		var n = Math.max(.001, +t), r = n * n;
		return e(n, r, r * r);
	}, i;
}(Math.SQRT2, 2, 4), _i = 0, vi = 0, yi = 0, bi = 1e3, xi, Si, Ci = 0, wi = 0, Ti = 0, Ei = typeof performance == "object" && performance.now ? performance : Date, Di = typeof window == "object" && window.requestAnimationFrame ? window.requestAnimationFrame.bind(window) : function(e) {
	setTimeout(e, 17);
};
function Oi() {
	return wi ||= (Di(ki), Ei.now() + Ti);
}
function ki() {
	wi = 0;
}
function Ai() {
	this._call = this._time = this._next = null;
}
Ai.prototype = ji.prototype = {
	constructor: Ai,
	restart: function(e, t, n) {
		if (typeof e != "function") throw TypeError("callback is not a function");
		n = (n == null ? Oi() : +n) + (t == null ? 0 : +t), !this._next && Si !== this && (Si ? Si._next = this : xi = this, Si = this), this._call = e, this._time = n, Ii();
	},
	stop: function() {
		this._call && (this._call = null, this._time = Infinity, Ii());
	}
};
function ji(e, t, n) {
	var r = new Ai();
	return r.restart(e, t, n), r;
}
function Mi() {
	Oi(), ++_i;
	for (var e = xi, t; e;) (t = wi - e._time) >= 0 && e._call.call(void 0, t), e = e._next;
	--_i;
}
function Ni() {
	wi = (Ci = Ei.now()) + Ti, _i = vi = 0;
	try {
		Mi();
	} finally {
		_i = 0, Fi(), wi = 0;
	}
}
function Pi() {
	var e = Ei.now(), t = e - Ci;
	t > bi && (Ti -= t, Ci = e);
}
function Fi() {
	for (var e, t = xi, n, r = Infinity; t;) t._call ? (r > t._time && (r = t._time), e = t, t = t._next) : (n = t._next, t._next = null, t = e ? e._next = n : xi = n);
	Si = e, Ii(r);
}
function Ii(e) {
	_i || (vi &&= clearTimeout(vi), e - wi > 24 ? (e < Infinity && (vi = setTimeout(Ni, e - Ei.now() - Ti)), yi &&= clearInterval(yi)) : (yi ||= (Ci = Ei.now(), setInterval(Pi, bi)), _i = 1, Di(Ni)));
}
function Li(e, t, n) {
	var r = new Ai();
	return t = t == null ? 0 : +t, r.restart((n) => {
		r.stop(), e(n + t);
	}, t, n), r;
}
var Ri = Ne("start", "end", "cancel", "interrupt"), zi = [], Bi = 0, Vi = 1, Hi = 2, Ui = 3, Wi = 4, Gi = 5, Ki = 6;
function qi(e, t, n, r, i, a) {
	var o = e.__transition;
	if (!o) e.__transition = {};
	else if (n in o) return;
	Zi(e, n, {
		name: t,
		index: r,
		group: i,
		on: Ri,
		tween: zi,
		time: a.time,
		delay: a.delay,
		duration: a.duration,
		ease: a.ease,
		timer: null,
		state: Bi
	});
}
function Ji(e, t) {
	var n = Xi(e, t);
	if (n.state > Bi) throw Error("too late; already scheduled");
	return n;
}
function Yi(e, t) {
	var n = Xi(e, t);
	if (n.state > Ui) throw Error("too late; already running");
	return n;
}
function Xi(e, t) {
	var n = e.__transition;
	if (!n || !(n = n[t])) throw Error("transition not found");
	return n;
}
function Zi(e, t, n) {
	var r = e.__transition, i;
	r[t] = n, n.timer = ji(a, 0, n.time);
	function a(e) {
		n.state = Vi, n.timer.restart(o, n.delay, n.time), n.delay <= e && o(e - n.delay);
	}
	function o(a) {
		var l, u, d, f;
		if (n.state !== Vi) return c();
		for (l in r) if (f = r[l], f.name === n.name) {
			if (f.state === Ui) return Li(o);
			f.state === Wi ? (f.state = Ki, f.timer.stop(), f.on.call("interrupt", e, e.__data__, f.index, f.group), delete r[l]) : +l < t && (f.state = Ki, f.timer.stop(), f.on.call("cancel", e, e.__data__, f.index, f.group), delete r[l]);
		}
		if (Li(function() {
			n.state === Ui && (n.state = Wi, n.timer.restart(s, n.delay, n.time), s(a));
		}), n.state = Hi, n.on.call("start", e, e.__data__, n.index, n.group), n.state === Hi) {
			for (n.state = Ui, i = Array(d = n.tween.length), l = 0, u = -1; l < d; ++l) (f = n.tween[l].value.call(e, e.__data__, n.index, n.group)) && (i[++u] = f);
			i.length = u + 1;
		}
	}
	function s(t) {
		for (var r = t < n.duration ? n.ease.call(null, t / n.duration) : (n.timer.restart(c), n.state = Gi, 1), a = -1, o = i.length; ++a < o;) i[a].call(e, r);
		n.state === Gi && (n.on.call("end", e, e.__data__, n.index, n.group), c());
	}
	function c() {
		for (var i in n.state = Ki, n.timer.stop(), delete r[t], r) return;
		delete e.__transition;
	}
}
function Qi(e, t) {
	var n = e.__transition, r, i, a = !0, o;
	if (n) {
		for (o in t = t == null ? null : t + "", n) (r = n[o]).name === t ? (i = r.state > Hi && r.state < Gi, r.state = Ki, r.timer.stop(), r.on.call(i ? "interrupt" : "cancel", e, e.__data__, r.index, r.group), delete n[o]) : a = !1;
		a && delete e.__transition;
	}
}
function $i(e) {
	return this.each(function() {
		Qi(this, e);
	});
}
function ea(e, t) {
	var n, r;
	return function() {
		var i = Yi(this, e), a = i.tween;
		if (a !== n) {
			r = n = a;
			for (var o = 0, s = r.length; o < s; ++o) if (r[o].name === t) {
				r = r.slice(), r.splice(o, 1);
				break;
			}
		}
		i.tween = r;
	};
}
function ta(e, t, n) {
	var r, i;
	if (typeof n != "function") throw Error();
	return function() {
		var a = Yi(this, e), o = a.tween;
		if (o !== r) {
			i = (r = o).slice();
			for (var s = {
				name: t,
				value: n
			}, c = 0, l = i.length; c < l; ++c) if (i[c].name === t) {
				i[c] = s;
				break;
			}
			c === l && i.push(s);
		}
		a.tween = i;
	};
}
function na(e, t) {
	var n = this._id;
	if (e += "", arguments.length < 2) {
		for (var r = Xi(this.node(), n).tween, i = 0, a = r.length, o; i < a; ++i) if ((o = r[i]).name === e) return o.value;
		return null;
	}
	return this.each((t == null ? ea : ta)(n, e, t));
}
function ra(e, t, n) {
	var r = e._id;
	return e.each(function() {
		var e = Yi(this, r);
		(e.value ||= {})[t] = n.apply(this, arguments);
	}), function(e) {
		return Xi(e, r).value[t];
	};
}
function ia(e, t) {
	var n;
	return (typeof t == "number" ? Yr : t instanceof br ? Wr : (n = br(t)) ? (t = n, Wr) : ti)(e, t);
}
function aa(e) {
	return function() {
		this.removeAttribute(e);
	};
}
function oa(e) {
	return function() {
		this.removeAttributeNS(e.space, e.local);
	};
}
function sa(e, t, n) {
	var r, i = n + "", a;
	return function() {
		var o = this.getAttribute(e);
		return o === i ? null : o === r ? a : a = t(r = o, n);
	};
}
function ca(e, t, n) {
	var r, i = n + "", a;
	return function() {
		var o = this.getAttributeNS(e.space, e.local);
		return o === i ? null : o === r ? a : a = t(r = o, n);
	};
}
function la(e, t, n) {
	var r, i, a;
	return function() {
		var o, s = n(this), c;
		return s == null ? void this.removeAttribute(e) : (o = this.getAttribute(e), c = s + "", o === c ? null : o === r && c === i ? a : (i = c, a = t(r = o, s)));
	};
}
function ua(e, t, n) {
	var r, i, a;
	return function() {
		var o, s = n(this), c;
		return s == null ? void this.removeAttributeNS(e.space, e.local) : (o = this.getAttributeNS(e.space, e.local), c = s + "", o === c ? null : o === r && c === i ? a : (i = c, a = t(r = o, s)));
	};
}
function da(e, t) {
	var n = Be(e), r = n === "transform" ? di : ia;
	return this.attrTween(e, typeof t == "function" ? (n.local ? ua : la)(n, r, ra(this, "attr." + e, t)) : t == null ? (n.local ? oa : aa)(n) : (n.local ? ca : sa)(n, r, t));
}
function fa(e, t) {
	return function(n) {
		this.setAttribute(e, t.call(this, n));
	};
}
function pa(e, t) {
	return function(n) {
		this.setAttributeNS(e.space, e.local, t.call(this, n));
	};
}
function ma(e, t) {
	var n, r;
	function i() {
		var i = t.apply(this, arguments);
		return i !== r && (n = (r = i) && pa(e, i)), n;
	}
	return i._value = t, i;
}
function ha(e, t) {
	var n, r;
	function i() {
		var i = t.apply(this, arguments);
		return i !== r && (n = (r = i) && fa(e, i)), n;
	}
	return i._value = t, i;
}
function ga(e, t) {
	var n = "attr." + e;
	if (arguments.length < 2) return (n = this.tween(n)) && n._value;
	if (t == null) return this.tween(n, null);
	if (typeof t != "function") throw Error();
	var r = Be(e);
	return this.tween(n, (r.local ? ma : ha)(r, t));
}
function _a(e, t) {
	return function() {
		Ji(this, e).delay = +t.apply(this, arguments);
	};
}
function va(e, t) {
	return t = +t, function() {
		Ji(this, e).delay = t;
	};
}
function ya(e) {
	var t = this._id;
	return arguments.length ? this.each((typeof e == "function" ? _a : va)(t, e)) : Xi(this.node(), t).delay;
}
function ba(e, t) {
	return function() {
		Yi(this, e).duration = +t.apply(this, arguments);
	};
}
function xa(e, t) {
	return t = +t, function() {
		Yi(this, e).duration = t;
	};
}
function Sa(e) {
	var t = this._id;
	return arguments.length ? this.each((typeof e == "function" ? ba : xa)(t, e)) : Xi(this.node(), t).duration;
}
function Ca(e, t) {
	if (typeof t != "function") throw Error();
	return function() {
		Yi(this, e).ease = t;
	};
}
function wa(e) {
	var t = this._id;
	return arguments.length ? this.each(Ca(t, e)) : Xi(this.node(), t).ease;
}
function Ta(e, t) {
	return function() {
		var n = t.apply(this, arguments);
		if (typeof n != "function") throw Error();
		Yi(this, e).ease = n;
	};
}
function Ea(e) {
	if (typeof e != "function") throw Error();
	return this.each(Ta(this._id, e));
}
function Da(e) {
	typeof e != "function" && (e = Qe(e));
	for (var t = this._groups, n = t.length, r = Array(n), i = 0; i < n; ++i) for (var a = t[i], o = a.length, s = r[i] = [], c, l = 0; l < o; ++l) (c = a[l]) && e.call(c, c.__data__, l, a) && s.push(c);
	return new no(r, this._parents, this._name, this._id);
}
function Oa(e) {
	if (e._id !== this._id) throw Error();
	for (var t = this._groups, n = e._groups, r = t.length, i = n.length, a = Math.min(r, i), o = Array(r), s = 0; s < a; ++s) for (var c = t[s], l = n[s], u = c.length, d = o[s] = Array(u), f, p = 0; p < u; ++p) (f = c[p] || l[p]) && (d[p] = f);
	for (; s < r; ++s) o[s] = t[s];
	return new no(o, this._parents, this._name, this._id);
}
function ka(e) {
	return (e + "").trim().split(/^|\s+/).every(function(e) {
		var t = e.indexOf(".");
		return t >= 0 && (e = e.slice(0, t)), !e || e === "start";
	});
}
function Aa(e, t, n) {
	var r, i, a = ka(t) ? Ji : Yi;
	return function() {
		var o = a(this, e), s = o.on;
		s !== r && (i = (r = s).copy()).on(t, n), o.on = i;
	};
}
function ja(e, t) {
	var n = this._id;
	return arguments.length < 2 ? Xi(this.node(), n).on.on(e) : this.each(Aa(n, e, t));
}
function Ma(e) {
	return function() {
		var t = this.parentNode;
		for (var n in this.__transition) if (+n !== e) return;
		t && t.removeChild(this);
	};
}
function Na() {
	return this.on("end.remove", Ma(this._id));
}
function Pa(e) {
	var t = this._name, n = this._id;
	typeof e != "function" && (e = Ge(e));
	for (var r = this._groups, i = r.length, a = Array(i), o = 0; o < i; ++o) for (var s = r[o], c = s.length, l = a[o] = Array(c), u, d, f = 0; f < c; ++f) (u = s[f]) && (d = e.call(u, u.__data__, f, s)) && ("__data__" in u && (d.__data__ = u.__data__), l[f] = d, qi(l[f], t, n, f, l, Xi(u, n)));
	return new no(a, this._parents, t, n);
}
function Fa(e) {
	var t = this._name, n = this._id;
	typeof e != "function" && (e = Ye(e));
	for (var r = this._groups, i = r.length, a = [], o = [], s = 0; s < i; ++s) for (var c = r[s], l = c.length, u, d = 0; d < l; ++d) if (u = c[d]) {
		for (var f = e.call(u, u.__data__, d, c), p, m = Xi(u, n), h = 0, g = f.length; h < g; ++h) (p = f[h]) && qi(p, t, n, h, f, m);
		a.push(f), o.push(u);
	}
	return new no(a, o, t, n);
}
var Ia = In.prototype.constructor;
function La() {
	return new Ia(this._groups, this._parents);
}
function Ra(e, t) {
	var n, r, i;
	return function() {
		var a = Ht(this, e), o = (this.style.removeProperty(e), Ht(this, e));
		return a === o ? null : a === n && o === r ? i : i = t(n = a, r = o);
	};
}
function za(e) {
	return function() {
		this.style.removeProperty(e);
	};
}
function Ba(e, t, n) {
	var r, i = n + "", a;
	return function() {
		var o = Ht(this, e);
		return o === i ? null : o === r ? a : a = t(r = o, n);
	};
}
function Va(e, t, n) {
	var r, i, a;
	return function() {
		var o = Ht(this, e), s = n(this), c = s + "";
		return s ?? (c = s = (this.style.removeProperty(e), Ht(this, e))), o === c ? null : o === r && c === i ? a : (i = c, a = t(r = o, s));
	};
}
function Ha(e, t) {
	var n, r, i, a = "style." + t, o = "end." + a, s;
	return function() {
		var c = Yi(this, e), l = c.on, u = c.value[a] == null ? s ||= za(t) : void 0;
		(l !== n || i !== u) && (r = (n = l).copy()).on(o, i = u), c.on = r;
	};
}
function Ua(e, t, n) {
	var r = (e += "") == "transform" ? ui : ia;
	return t == null ? this.styleTween(e, Ra(e, r)).on("end.style." + e, za(e)) : typeof t == "function" ? this.styleTween(e, Va(e, r, ra(this, "style." + e, t))).each(Ha(this._id, e)) : this.styleTween(e, Ba(e, r, t), n).on("end.style." + e, null);
}
function Wa(e, t, n) {
	return function(r) {
		this.style.setProperty(e, t.call(this, r), n);
	};
}
function Ga(e, t, n) {
	var r, i;
	function a() {
		var a = t.apply(this, arguments);
		return a !== i && (r = (i = a) && Wa(e, a, n)), r;
	}
	return a._value = t, a;
}
function Ka(e, t, n) {
	var r = "style." + (e += "");
	if (arguments.length < 2) return (r = this.tween(r)) && r._value;
	if (t == null) return this.tween(r, null);
	if (typeof t != "function") throw Error();
	return this.tween(r, Ga(e, t, n ?? ""));
}
function qa(e) {
	return function() {
		this.textContent = e;
	};
}
function Ja(e) {
	return function() {
		var t = e(this);
		this.textContent = t ?? "";
	};
}
function Ya(e) {
	return this.tween("text", typeof e == "function" ? Ja(ra(this, "text", e)) : qa(e == null ? "" : e + ""));
}
function Xa(e) {
	return function(t) {
		this.textContent = e.call(this, t);
	};
}
function Za(e) {
	var t, n;
	function r() {
		var r = e.apply(this, arguments);
		return r !== n && (t = (n = r) && Xa(r)), t;
	}
	return r._value = e, r;
}
function Qa(e) {
	var t = "text";
	if (arguments.length < 1) return (t = this.tween(t)) && t._value;
	if (e == null) return this.tween(t, null);
	if (typeof e != "function") throw Error();
	return this.tween(t, Za(e));
}
function $a() {
	for (var e = this._name, t = this._id, n = ro(), r = this._groups, i = r.length, a = 0; a < i; ++a) for (var o = r[a], s = o.length, c, l = 0; l < s; ++l) if (c = o[l]) {
		var u = Xi(c, t);
		qi(c, e, n, l, o, {
			time: u.time + u.delay + u.duration,
			delay: 0,
			duration: u.duration,
			ease: u.ease
		});
	}
	return new no(r, this._parents, e, n);
}
function eo() {
	var e, t, n = this, r = n._id, i = n.size();
	return new Promise(function(a, o) {
		var s = { value: o }, c = { value: function() {
			--i === 0 && a();
		} };
		n.each(function() {
			var n = Yi(this, r), i = n.on;
			i !== e && (t = (e = i).copy(), t._.cancel.push(s), t._.interrupt.push(s), t._.end.push(c)), n.on = t;
		}), i === 0 && a();
	});
}
var to = 0;
function no(e, t, n, r) {
	this._groups = e, this._parents = t, this._name = n, this._id = r;
}
function ro() {
	return ++to;
}
var io = In.prototype;
no.prototype = {
	constructor: no,
	select: Pa,
	selectAll: Fa,
	selectChild: io.selectChild,
	selectChildren: io.selectChildren,
	filter: Da,
	merge: Oa,
	selection: La,
	transition: $a,
	call: io.call,
	nodes: io.nodes,
	node: io.node,
	size: io.size,
	empty: io.empty,
	each: io.each,
	on: ja,
	attr: da,
	attrTween: ga,
	style: Ua,
	styleTween: Ka,
	text: Ya,
	textTween: Qa,
	remove: Na,
	tween: na,
	delay: ya,
	duration: Sa,
	ease: wa,
	easeVarying: Ea,
	end: eo,
	[Symbol.iterator]: io[Symbol.iterator]
};
function ao(e) {
	return ((e *= 2) <= 1 ? e * e * e : (e -= 2) * e * e + 2) / 2;
}
var oo = {
	time: null,
	delay: 0,
	duration: 250,
	ease: ao
};
function so(e, t) {
	for (var n; !(n = e.__transition) || !(n = n[t]);) if (!(e = e.parentNode)) throw Error(`transition ${t} not found`);
	return n;
}
function co(e) {
	var t, n;
	e instanceof no ? (t = e._id, e = e._name) : (t = ro(), (n = oo).time = Oi(), e = e == null ? null : e + "");
	for (var r = this._groups, i = r.length, a = 0; a < i; ++a) for (var o = r[a], s = o.length, c, l = 0; l < s; ++l) (c = o[l]) && qi(c, e, t, l, o, n || so(c, t));
	return new no(r, this._parents, e, t);
}
In.prototype.interrupt = $i, In.prototype.transition = co;
var lo = (e) => () => e;
function uo(e, { sourceEvent: t, target: n, transform: r, dispatch: i }) {
	Object.defineProperties(this, {
		type: {
			value: e,
			enumerable: !0,
			configurable: !0
		},
		sourceEvent: {
			value: t,
			enumerable: !0,
			configurable: !0
		},
		target: {
			value: n,
			enumerable: !0,
			configurable: !0
		},
		transform: {
			value: r,
			enumerable: !0,
			configurable: !0
		},
		_: { value: i }
	});
}
function fo(e, t, n) {
	this.k = e, this.x = t, this.y = n;
}
fo.prototype = {
	constructor: fo,
	scale: function(e) {
		return e === 1 ? this : new fo(this.k * e, this.x, this.y);
	},
	translate: function(e, t) {
		return e === 0 & t === 0 ? this : new fo(this.k, this.x + this.k * e, this.y + this.k * t);
	},
	apply: function(e) {
		return [e[0] * this.k + this.x, e[1] * this.k + this.y];
	},
	applyX: function(e) {
		return e * this.k + this.x;
	},
	applyY: function(e) {
		return e * this.k + this.y;
	},
	invert: function(e) {
		return [(e[0] - this.x) / this.k, (e[1] - this.y) / this.k];
	},
	invertX: function(e) {
		return (e - this.x) / this.k;
	},
	invertY: function(e) {
		return (e - this.y) / this.k;
	},
	rescaleX: function(e) {
		return e.copy().domain(e.range().map(this.invertX, this).map(e.invert, e));
	},
	rescaleY: function(e) {
		return e.copy().domain(e.range().map(this.invertY, this).map(e.invert, e));
	},
	toString: function() {
		return "translate(" + this.x + "," + this.y + ") scale(" + this.k + ")";
	}
};
var po = new fo(1, 0, 0);
fo.prototype;
function mo(e) {
	e.stopImmediatePropagation();
}
function ho(e) {
	e.preventDefault(), e.stopImmediatePropagation();
}
function go(e) {
	return (!e.ctrlKey || e.type === "wheel") && !e.button;
}
function _o() {
	var e = this;
	return e instanceof SVGElement ? (e = e.ownerSVGElement || e, e.hasAttribute("viewBox") ? (e = e.viewBox.baseVal, [[e.x, e.y], [e.x + e.width, e.y + e.height]]) : [[0, 0], [e.width.baseVal.value, e.height.baseVal.value]]) : [[0, 0], [e.clientWidth, e.clientHeight]];
}
function vo() {
	return this.__zoom || po;
}
function yo(e) {
	return -e.deltaY * (e.deltaMode === 1 ? .05 : e.deltaMode ? 1 : .002) * (e.ctrlKey ? 10 : 1);
}
function bo() {
	return navigator.maxTouchPoints || "ontouchstart" in this;
}
function xo(e, t, n) {
	var r = e.invertX(t[0][0]) - n[0][0], i = e.invertX(t[1][0]) - n[1][0], a = e.invertY(t[0][1]) - n[0][1], o = e.invertY(t[1][1]) - n[1][1];
	return e.translate(i > r ? (r + i) / 2 : Math.min(0, r) || Math.max(0, i), o > a ? (a + o) / 2 : Math.min(0, a) || Math.max(0, o));
}
function So() {
	var e = go, t = _o, n = xo, r = yo, i = bo, a = [0, Infinity], o = [[-Infinity, -Infinity], [Infinity, Infinity]], s = 250, c = gi, l = Ne("start", "zoom", "end"), u, d, f, p = 500, m = 150, h = 0, g = 10;
	function _(e) {
		e.property("__zoom", vo).on("wheel.zoom", w, { passive: !1 }).on("mousedown.zoom", T).on("dblclick.zoom", E).filter(i).on("touchstart.zoom", D).on("touchmove.zoom", O).on("touchend.zoom touchcancel.zoom", k).style("-webkit-tap-highlight-color", "rgba(0,0,0,0)");
	}
	_.transform = function(e, t, n, r) {
		var i = e.selection ? e.selection() : e;
		i.property("__zoom", vo), e === i ? i.interrupt().each(function() {
			S(this, arguments).event(r).start().zoom(null, typeof t == "function" ? t.apply(this, arguments) : t).end();
		}) : x(e, t, n, r);
	}, _.scaleBy = function(e, t, n, r) {
		_.scaleTo(e, function() {
			return this.__zoom.k * (typeof t == "function" ? t.apply(this, arguments) : t);
		}, n, r);
	}, _.scaleTo = function(e, r, i, a) {
		_.transform(e, function() {
			var e = t.apply(this, arguments), a = this.__zoom, s = i == null ? b(e) : typeof i == "function" ? i.apply(this, arguments) : i, c = a.invert(s), l = typeof r == "function" ? r.apply(this, arguments) : r;
			return n(y(v(a, l), s, c), e, o);
		}, i, a);
	}, _.translateBy = function(e, r, i, a) {
		_.transform(e, function() {
			return n(this.__zoom.translate(typeof r == "function" ? r.apply(this, arguments) : r, typeof i == "function" ? i.apply(this, arguments) : i), t.apply(this, arguments), o);
		}, null, a);
	}, _.translateTo = function(e, r, i, a, s) {
		_.transform(e, function() {
			var e = t.apply(this, arguments), s = this.__zoom, c = a == null ? b(e) : typeof a == "function" ? a.apply(this, arguments) : a;
			return n(po.translate(c[0], c[1]).scale(s.k).translate(typeof r == "function" ? -r.apply(this, arguments) : -r, typeof i == "function" ? -i.apply(this, arguments) : -i), e, o);
		}, a, s);
	};
	function v(e, t) {
		return t = Math.max(a[0], Math.min(a[1], t)), t === e.k ? e : new fo(t, e.x, e.y);
	}
	function y(e, t, n) {
		var r = t[0] - n[0] * e.k, i = t[1] - n[1] * e.k;
		return r === e.x && i === e.y ? e : new fo(e.k, r, i);
	}
	function b(e) {
		return [(+e[0][0] + +e[1][0]) / 2, (+e[0][1] + +e[1][1]) / 2];
	}
	function x(e, n, r, i) {
		e.on("start.zoom", function() {
			S(this, arguments).event(i).start();
		}).on("interrupt.zoom end.zoom", function() {
			S(this, arguments).event(i).end();
		}).tween("zoom", function() {
			var e = this, a = arguments, o = S(e, a).event(i), s = t.apply(e, a), l = r == null ? b(s) : typeof r == "function" ? r.apply(e, a) : r, u = Math.max(s[1][0] - s[0][0], s[1][1] - s[0][1]), d = e.__zoom, f = typeof n == "function" ? n.apply(e, a) : n, p = c(d.invert(l).concat(u / d.k), f.invert(l).concat(u / f.k));
			return function(e) {
				if (e === 1) e = f;
				else {
					var t = p(e), n = u / t[2];
					e = new fo(n, l[0] - t[0] * n, l[1] - t[1] * n);
				}
				o.zoom(null, e);
			};
		});
	}
	function S(e, t, n) {
		return !n && e.__zooming || new C(e, t);
	}
	function C(e, n) {
		this.that = e, this.args = n, this.active = 0, this.sourceEvent = null, this.extent = t.apply(e, n), this.taps = 0;
	}
	C.prototype = {
		event: function(e) {
			return e && (this.sourceEvent = e), this;
		},
		start: function() {
			return ++this.active === 1 && (this.that.__zooming = this, this.emit("start")), this;
		},
		zoom: function(e, t) {
			return this.mouse && e !== "mouse" && (this.mouse[1] = t.invert(this.mouse[0])), this.touch0 && e !== "touch" && (this.touch0[1] = t.invert(this.touch0[0])), this.touch1 && e !== "touch" && (this.touch1[1] = t.invert(this.touch1[0])), this.that.__zoom = t, this.emit("zoom"), this;
		},
		end: function() {
			return --this.active === 0 && (delete this.that.__zooming, this.emit("end")), this;
		},
		emit: function(e) {
			var t = Rn(this.that).datum();
			l.call(e, this.that, new uo(e, {
				sourceEvent: this.sourceEvent,
				target: _,
				type: e,
				transform: this.that.__zoom,
				dispatch: l
			}), t);
		}
	};
	function w(t, ...i) {
		if (!e.apply(this, arguments)) return;
		var s = S(this, i).event(t), c = this.__zoom, l = Math.max(a[0], Math.min(a[1], c.k * 2 ** r.apply(this, arguments))), u = Bn(t);
		if (s.wheel) (s.mouse[0][0] !== u[0] || s.mouse[0][1] !== u[1]) && (s.mouse[1] = c.invert(s.mouse[0] = u)), clearTimeout(s.wheel);
		else if (c.k === l) return;
		else s.mouse = [u, c.invert(u)], Qi(this), s.start();
		ho(t), s.wheel = setTimeout(d, m), s.zoom("mouse", n(y(v(c, l), s.mouse[0], s.mouse[1]), s.extent, o));
		function d() {
			s.wheel = null, s.end();
		}
	}
	function T(t, ...r) {
		if (f || !e.apply(this, arguments)) return;
		var i = t.currentTarget, a = S(this, r, !0).event(t), s = Rn(t.view).on("mousemove.zoom", d, !0).on("mouseup.zoom", p, !0), c = Bn(t, i), l = t.clientX, u = t.clientY;
		Gn(t.view), mo(t), a.mouse = [c, this.__zoom.invert(c)], Qi(this), a.start();
		function d(e) {
			if (ho(e), !a.moved) {
				var t = e.clientX - l, r = e.clientY - u;
				a.moved = t * t + r * r > h;
			}
			a.event(e).zoom("mouse", n(y(a.that.__zoom, a.mouse[0] = Bn(e, i), a.mouse[1]), a.extent, o));
		}
		function p(e) {
			s.on("mousemove.zoom mouseup.zoom", null), Kn(e.view, a.moved), ho(e), a.event(e).end();
		}
	}
	function E(r, ...i) {
		if (e.apply(this, arguments)) {
			var a = this.__zoom, c = Bn(r.changedTouches ? r.changedTouches[0] : r, this), l = a.invert(c), u = a.k * (r.shiftKey ? .5 : 2), d = n(y(v(a, u), c, l), t.apply(this, i), o);
			ho(r), s > 0 ? Rn(this).transition().duration(s).call(x, d, c, r) : Rn(this).call(_.transform, d, c, r);
		}
	}
	function D(t, ...n) {
		if (e.apply(this, arguments)) {
			var r = t.touches, i = r.length, a = S(this, n, t.changedTouches.length === i).event(t), o, s, c, l;
			for (mo(t), s = 0; s < i; ++s) c = r[s], l = Bn(c, this), l = [
				l,
				this.__zoom.invert(l),
				c.identifier
			], a.touch0 ? !a.touch1 && a.touch0[2] !== l[2] && (a.touch1 = l, a.taps = 0) : (a.touch0 = l, o = !0, a.taps = 1 + !!u);
			u &&= clearTimeout(u), o && (a.taps < 2 && (d = l[0], u = setTimeout(function() {
				u = null;
			}, p)), Qi(this), a.start());
		}
	}
	function O(e, ...t) {
		if (this.__zooming) {
			var r = S(this, t).event(e), i = e.changedTouches, a = i.length, s, c, l, u;
			for (ho(e), s = 0; s < a; ++s) c = i[s], l = Bn(c, this), r.touch0 && r.touch0[2] === c.identifier ? r.touch0[0] = l : r.touch1 && r.touch1[2] === c.identifier && (r.touch1[0] = l);
			if (c = r.that.__zoom, r.touch1) {
				var d = r.touch0[0], f = r.touch0[1], p = r.touch1[0], m = r.touch1[1], h = (h = p[0] - d[0]) * h + (h = p[1] - d[1]) * h, g = (g = m[0] - f[0]) * g + (g = m[1] - f[1]) * g;
				c = v(c, Math.sqrt(h / g)), l = [(d[0] + p[0]) / 2, (d[1] + p[1]) / 2], u = [(f[0] + m[0]) / 2, (f[1] + m[1]) / 2];
			} else if (r.touch0) l = r.touch0[0], u = r.touch0[1];
			else return;
			r.zoom("touch", n(y(c, l, u), r.extent, o));
		}
	}
	function k(e, ...t) {
		if (this.__zooming) {
			var n = S(this, t).event(e), r = e.changedTouches, i = r.length, a, o;
			for (mo(e), f && clearTimeout(f), f = setTimeout(function() {
				f = null;
			}, p), a = 0; a < i; ++a) o = r[a], n.touch0 && n.touch0[2] === o.identifier ? delete n.touch0 : n.touch1 && n.touch1[2] === o.identifier && delete n.touch1;
			if (n.touch1 && !n.touch0 && (n.touch0 = n.touch1, delete n.touch1), n.touch0) n.touch0[1] = this.__zoom.invert(n.touch0[0]);
			else if (n.end(), n.taps === 2 && (o = Bn(o, this), Math.hypot(d[0] - o[0], d[1] - o[1]) < g)) {
				var s = Rn(this).on("dblclick.zoom");
				s && s.apply(this, arguments);
			}
		}
	}
	return _.wheelDelta = function(e) {
		return arguments.length ? (r = typeof e == "function" ? e : lo(+e), _) : r;
	}, _.filter = function(t) {
		return arguments.length ? (e = typeof t == "function" ? t : lo(!!t), _) : e;
	}, _.touchable = function(e) {
		return arguments.length ? (i = typeof e == "function" ? e : lo(!!e), _) : i;
	}, _.extent = function(e) {
		return arguments.length ? (t = typeof e == "function" ? e : lo([[+e[0][0], +e[0][1]], [+e[1][0], +e[1][1]]]), _) : t;
	}, _.scaleExtent = function(e) {
		return arguments.length ? (a[0] = +e[0], a[1] = +e[1], _) : [a[0], a[1]];
	}, _.translateExtent = function(e) {
		return arguments.length ? (o[0][0] = +e[0][0], o[1][0] = +e[1][0], o[0][1] = +e[0][1], o[1][1] = +e[1][1], _) : [[o[0][0], o[0][1]], [o[1][0], o[1][1]]];
	}, _.constrain = function(e) {
		return arguments.length ? (n = e, _) : n;
	}, _.duration = function(e) {
		return arguments.length ? (s = +e, _) : s;
	}, _.interpolate = function(e) {
		return arguments.length ? (c = e, _) : c;
	}, _.on = function() {
		var e = l.on.apply(l, arguments);
		return e === l ? _ : e;
	}, _.clickDistance = function(e) {
		return arguments.length ? (h = (e = +e) * e, _) : Math.sqrt(h);
	}, _.tapDistance = function(e) {
		return arguments.length ? (g = +e, _) : g;
	}, _;
}
var J = /* @__PURE__ */ ((e) => (e.Left = "left", e.Top = "top", e.Right = "right", e.Bottom = "bottom", e))(J || {}), Co = /* @__PURE__ */ ((e) => (e.Partial = "partial", e.Full = "full", e))(Co || {}), wo = /* @__PURE__ */ ((e) => (e.Bezier = "default", e.SimpleBezier = "simple-bezier", e.Straight = "straight", e.Step = "step", e.SmoothStep = "smoothstep", e))(wo || {}), To = /* @__PURE__ */ ((e) => (e.Strict = "strict", e.Loose = "loose", e))(To || {}), Eo = /* @__PURE__ */ ((e) => (e.Arrow = "arrow", e.ArrowClosed = "arrowclosed", e))(Eo || {}), Do = /* @__PURE__ */ ((e) => (e.Free = "free", e.Vertical = "vertical", e.Horizontal = "horizontal", e))(Do || {}), Oo = /* @__PURE__ */ ((e) => (e.TopLeft = "top-left", e.TopCenter = "top-center", e.TopRight = "top-right", e.BottomLeft = "bottom-left", e.BottomCenter = "bottom-center", e.BottomRight = "bottom-right", e))(Oo || {}), ko = [
	"INPUT",
	"SELECT",
	"TEXTAREA"
], Ao = typeof document < "u" ? document : null;
function jo(e) {
	let t = e.composedPath?.call(e)?.[0] || e.target, n = typeof t?.hasAttribute == "function" && t.hasAttribute("contenteditable"), r = typeof t?.closest == "function" ? t.closest(".nokey") : null;
	return ko.includes(t?.nodeName) || n || !!r;
}
function Mo(e) {
	return e.ctrlKey || e.metaKey || e.shiftKey || e.altKey;
}
function No(e, t, n, r) {
	let i = t.replace("+", "\n").replace("\n\n", "\n+").split("\n").map((e) => e.trim().toLowerCase());
	if (i.length === 1) return e.toLowerCase() === t.toLowerCase();
	r || n.add(e.toLowerCase());
	let a = i.every((e, t) => n.has(e) && Array.from(n.values())[t] === i[t]);
	return r && n.delete(e.toLowerCase()), a;
}
function Po(e, t) {
	return (n) => {
		if (!n.code && !n.key) return !1;
		let r = Fo(n.code, e);
		return Array.isArray(e) ? e.some((e) => No(n[r], e, t, n.type === "keyup")) : No(n[r], e, t, n.type === "keyup");
	};
}
function Fo(e, t) {
	return t.includes(e) ? "code" : "key";
}
function Io(e, n) {
	let r = t(() => V(n?.target) ?? Ao), i = L(V(e) === !0), a = !1, o = /* @__PURE__ */ new Set(), s = l(V(e));
	G(() => V(e), (e, t) => {
		typeof t == "boolean" && typeof e != "boolean" && c(), s = l(e);
	}, { immediate: !0 }), Oe(["blur", "contextmenu"], c), Ae((...e) => s(...e), (e) => {
		let t = V(n?.actInsideInputWithModifier) ?? !0, r = V(n?.preventDefault) ?? !1;
		if (a = Mo(e), (!a || a && !t) && jo(e)) return;
		let o = e.composedPath?.call(e)?.[0] || e.target, s = o?.nodeName === "BUTTON" || o?.nodeName === "A";
		r || !a && s || e.preventDefault(), i.value = !0;
	}, {
		eventName: "keydown",
		target: r
	}), Ae((...e) => s(...e), (e) => {
		let t = V(n?.actInsideInputWithModifier) ?? !0;
		if (i.value) {
			if ((!a || a && !t) && jo(e)) return;
			a = !1, i.value = !1;
		}
	}, {
		eventName: "keyup",
		target: r
	});
	function c() {
		a = !1, o.clear(), i.value = V(e) === !0;
	}
	function l(e) {
		return e === null ? (c(), () => !1) : typeof e == "boolean" ? (c(), i.value = e, () => !1) : Array.isArray(e) || typeof e == "string" ? Po(e, o) : e;
	}
	return i;
}
var Lo = "vue-flow__node-desc", Ro = "vue-flow__edge-desc", zo = "vue-flow__aria-live", Bo = [
	"Enter",
	" ",
	"Escape"
], Vo = {
	ArrowUp: {
		x: 0,
		y: -1
	},
	ArrowDown: {
		x: 0,
		y: 1
	},
	ArrowLeft: {
		x: -1,
		y: 0
	},
	ArrowRight: {
		x: 1,
		y: 0
	}
};
function Ho(e) {
	return {
		...e.computedPosition || {
			x: 0,
			y: 0
		},
		width: e.dimensions.width || 0,
		height: e.dimensions.height || 0
	};
}
function Uo(e, t) {
	let n = Math.max(0, Math.min(e.x + e.width, t.x + t.width) - Math.max(e.x, t.x)), r = Math.max(0, Math.min(e.y + e.height, t.y + t.height) - Math.max(e.y, t.y));
	return Math.ceil(n * r);
}
function Wo(e) {
	return {
		width: e.offsetWidth,
		height: e.offsetHeight
	};
}
function Go(e, t = 0, n = 1) {
	return Math.min(Math.max(e, t), n);
}
function Ko(e, t) {
	return {
		x: Go(e.x, t[0][0], t[1][0]),
		y: Go(e.y, t[0][1], t[1][1])
	};
}
function qo(e) {
	let t = e.getRootNode();
	return "elementFromPoint" in t ? t : window.document;
}
function Jo(e) {
	return e && typeof e == "object" && "id" in e && "source" in e && "target" in e;
}
function Yo(e) {
	return e && typeof e == "object" && "id" in e && "position" in e && !Jo(e);
}
function Xo(e) {
	return Yo(e) && "computedPosition" in e;
}
function Zo(e) {
	return !Number.isNaN(e) && Number.isFinite(e);
}
function Qo(e) {
	return Zo(e.width) && Zo(e.height) && Zo(e.x) && Zo(e.y);
}
function $o(e, t, n) {
	let r = {
		id: e.id.toString(),
		type: e.type ?? "default",
		dimensions: v({
			width: 0,
			height: 0
		}),
		computedPosition: v({
			z: 0,
			...e.position
		}),
		handleBounds: {
			source: [],
			target: []
		},
		draggable: void 0,
		selectable: void 0,
		connectable: void 0,
		focusable: void 0,
		selected: !1,
		dragging: !1,
		resizing: !1,
		initialized: !1,
		isParent: !1,
		position: {
			x: 0,
			y: 0
		},
		data: Q(e.data) ? e.data : {},
		events: v(Q(e.events) ? e.events : {})
	};
	return Object.assign(t ?? r, e, {
		id: e.id.toString(),
		parentNode: n
	});
}
function es(e, t, n) {
	let r = {
		id: e.id.toString(),
		type: e.type ?? t?.type ?? "default",
		source: e.source.toString(),
		target: e.target.toString(),
		sourceHandle: e.sourceHandle?.toString(),
		targetHandle: e.targetHandle?.toString(),
		updatable: e.updatable ?? n?.updatable,
		selectable: e.selectable ?? n?.selectable,
		focusable: e.focusable ?? n?.focusable,
		data: Q(e.data) ? e.data : {},
		events: v(Q(e.events) ? e.events : {}),
		label: e.label ?? "",
		interactionWidth: e.interactionWidth ?? n?.interactionWidth,
		...n ?? {}
	};
	return Object.assign(t ?? r, e, { id: e.id.toString() });
}
function ts(e, t, n, r) {
	let i = typeof e == "string" ? e : e.id, a = /* @__PURE__ */ new Set(), o = r === "source" ? "target" : "source";
	for (let e of n) e[o] === i && a.add(e[r]);
	return t.filter((e) => a.has(e.id));
}
function ns(...e) {
	if (e.length === 3) {
		let [t, n, r] = e;
		return ts(t, n, r, "target");
	}
	let [t, n] = e, r = typeof t == "string" ? t : t.id;
	return n.filter((e) => Jo(e) && e.source === r).map((e) => n.find((t) => Yo(t) && t.id === e.target));
}
function rs(...e) {
	if (e.length === 3) {
		let [t, n, r] = e;
		return ts(t, n, r, "source");
	}
	let [t, n] = e, r = typeof t == "string" ? t : t.id;
	return n.filter((e) => Jo(e) && e.target === r).map((e) => n.find((t) => Yo(t) && t.id === e.source));
}
function is({ source: e, sourceHandle: t, target: n, targetHandle: r }) {
	return `vueflow__edge-${e}${t ?? ""}-${n}${r ?? ""}`;
}
function as(e, t) {
	return t.some((t) => Jo(t) && t.source === e.source && t.target === e.target && (t.sourceHandle === e.sourceHandle || !t.sourceHandle && !e.sourceHandle) && (t.targetHandle === e.targetHandle || !t.targetHandle && !e.targetHandle));
}
function os({ x: e, y: t }, { x: n, y: r, zoom: i }) {
	return {
		x: e * i + n,
		y: t * i + r
	};
}
function ss({ x: e, y: t }, { x: n, y: r, zoom: i }, a = !1, o = [1, 1]) {
	let s = {
		x: (e - n) / i,
		y: (t - r) / i
	};
	return a ? Xs(s, o) : s;
}
function cs(e, t) {
	return {
		x: Math.min(e.x, t.x),
		y: Math.min(e.y, t.y),
		x2: Math.max(e.x2, t.x2),
		y2: Math.max(e.y2, t.y2)
	};
}
function ls({ x: e, y: t, width: n, height: r }) {
	return {
		x: e,
		y: t,
		x2: e + n,
		y2: t + r
	};
}
function us({ x: e, y: t, x2: n, y2: r }) {
	return {
		x: e,
		y: t,
		width: n - e,
		height: r - t
	};
}
function ds(e) {
	let t = {
		x: Infinity,
		y: Infinity,
		x2: -Infinity,
		y2: -Infinity
	};
	for (let n = 0; n < e.length; n++) {
		let r = e[n];
		t = cs(t, ls({
			...r.computedPosition,
			...r.dimensions
		}));
	}
	return us(t);
}
function fs(e, t, n = {
	x: 0,
	y: 0,
	zoom: 1
}, r = !1, i = !1) {
	let a = {
		...ss(t, n),
		width: t.width / n.zoom,
		height: t.height / n.zoom
	}, o = [];
	for (let t of e) {
		let { dimensions: e, selectable: n = !0, hidden: s = !1 } = t, c = e.width ?? t.width ?? null, l = e.height ?? t.height ?? null;
		if (i && !n || s) continue;
		let u = Uo(a, Ho(t)), d = c === null || l === null, f = r && u > 0, p = (c ?? 0) * (l ?? 0);
		(d || f || u >= p || t.dragging) && o.push(t);
	}
	return o;
}
function ps(e, t) {
	let n = /* @__PURE__ */ new Set();
	if (typeof e == "string") n.add(e);
	else if (e.length >= 1) for (let t of e) n.add(t.id);
	return t.filter((e) => n.has(e.source) || n.has(e.target));
}
function ms(e, t) {
	if (typeof e == "number") return Math.floor((t - t / (1 + e)) * .5);
	if (typeof e == "string" && e.endsWith("px")) {
		let t = Number.parseFloat(e);
		if (!Number.isNaN(t)) return Math.floor(t);
	}
	if (typeof e == "string" && e.endsWith("%")) {
		let n = Number.parseFloat(e);
		if (!Number.isNaN(n)) return Math.floor(t * n * .01);
	}
	return lc(`The padding value "${e}" is invalid. Please provide a number or a string with a valid unit (px or %).`), 0;
}
function hs(e, t, n) {
	if (typeof e == "string" || typeof e == "number") {
		let r = ms(e, n), i = ms(e, t);
		return {
			top: r,
			right: i,
			bottom: r,
			left: i,
			x: i * 2,
			y: r * 2
		};
	}
	if (typeof e == "object") {
		let r = ms(e.top ?? e.y ?? 0, n), i = ms(e.bottom ?? e.y ?? 0, n), a = ms(e.left ?? e.x ?? 0, t), o = ms(e.right ?? e.x ?? 0, t);
		return {
			top: r,
			right: o,
			bottom: i,
			left: a,
			x: a + o,
			y: r + i
		};
	}
	return {
		top: 0,
		right: 0,
		bottom: 0,
		left: 0,
		x: 0,
		y: 0
	};
}
function gs(e, t, n, r, i, a) {
	let { x: o, y: s } = os(e, {
		x: t,
		y: n,
		zoom: r
	}), { x: c, y: l } = os({
		x: e.x + e.width,
		y: e.y + e.height
	}, {
		x: t,
		y: n,
		zoom: r
	}), u = i - c, d = a - l;
	return {
		left: Math.floor(o),
		top: Math.floor(s),
		right: Math.floor(u),
		bottom: Math.floor(d)
	};
}
function _s(e, t, n, r, i, a = .1) {
	let o = hs(a, t, n), s = (t - o.x) / e.width, c = (n - o.y) / e.height, l = Go(Math.min(s, c), r, i), u = e.x + e.width / 2, d = e.y + e.height / 2, f = t / 2 - u * l, p = n / 2 - d * l, m = gs(e, f, p, l, t, n), h = {
		left: Math.min(m.left - o.left, 0),
		top: Math.min(m.top - o.top, 0),
		right: Math.min(m.right - o.right, 0),
		bottom: Math.min(m.bottom - o.bottom, 0)
	};
	return {
		x: f - h.left + h.right,
		y: p - h.top + h.bottom,
		zoom: l
	};
}
function vs(e, t) {
	return {
		x: t.x + e.x,
		y: t.y + e.y,
		z: (e.z > t.z ? e.z : t.z) + 1
	};
}
function ys(e, t) {
	if (!e.parentNode) return !1;
	let n = t.get(e.parentNode);
	return n ? n.selected ? !0 : ys(n, t) : !1;
}
function bs(e, t) {
	return e === void 0 ? "" : typeof e == "string" ? e : `${t ? `${t}__` : ""}${Object.keys(e).sort().map((t) => `${t}=${e[t]}`).join("&")}`;
}
function xs(e) {
	let t = e.ctrlKey && Js() ? 10 : 1;
	return -e.deltaY * (e.deltaMode === 1 ? .05 : e.deltaMode ? 1 : .002) * t;
}
function Ss(e, t, n) {
	return e < t ? Go(Math.abs(e - t), 1, t) / t : e > n ? -Go(Math.abs(e - n), 1, t) / t : 0;
}
function Cs(e, t, n = 15, r = 40) {
	return [Ss(e.x, r, t.width - r) * n, Ss(e.y, r, t.height - r) * n];
}
function ws(e, t) {
	if (t) {
		let n = e.position.x + e.dimensions.width - t.dimensions.width, r = e.position.y + e.dimensions.height - t.dimensions.height;
		if (n > 0 || r > 0 || e.position.x < 0 || e.position.y < 0) {
			let i = {};
			if (typeof t.style == "function" ? i = { ...t.style(t) } : t.style && (i = { ...t.style }), i.width = i.width ?? `${t.dimensions.width}px`, i.height = i.height ?? `${t.dimensions.height}px`, n > 0) {
				if (typeof i.width == "string") {
					let e = Number(i.width.replace("px", ""));
					i.width = `${e + n}px`;
				} else i.width += n;
			}
			if (r > 0) {
				if (typeof i.height == "string") {
					let e = Number(i.height.replace("px", ""));
					i.height = `${e + r}px`;
				} else i.height += r;
			}
			if (e.position.x < 0) {
				let n = Math.abs(e.position.x);
				if (t.position.x = t.position.x - n, typeof i.width == "string") {
					let e = Number(i.width.replace("px", ""));
					i.width = `${e + n}px`;
				} else i.width += n;
				e.position.x = 0;
			}
			if (e.position.y < 0) {
				let n = Math.abs(e.position.y);
				if (t.position.y = t.position.y - n, typeof i.height == "string") {
					let e = Number(i.height.replace("px", ""));
					i.height = `${e + n}px`;
				} else i.height += n;
				e.position.y = 0;
			}
			t.dimensions.width = Number(i.width.toString().replace("px", "")), t.dimensions.height = Number(i.height.toString().replace("px", "")), t.style = typeof t.style == "function" ? (e) => {
				let n = t.style;
				return {
					...n(e),
					...i
				};
			} : {
				...t.style,
				...i
			};
		}
	}
}
function Ts(e, t) {
	let n = e.filter((e) => e.type === "add" || e.type === "remove");
	for (let e of n) if (e.type === "add") t.findIndex((t) => t.id === e.item.id) === -1 && t.push(e.item);
	else if (e.type === "remove") {
		let n = t.findIndex((t) => t.id === e.id);
		n !== -1 && t.splice(n, 1);
	}
	let r = t.map((e) => e.id);
	for (let n of t) for (let i of e) if (i.id === n.id) switch (i.type) {
		case "select":
			n.selected = i.selected;
			break;
		case "position":
			if (Xo(n) && (i.position !== void 0 && (n.position = i.position), i.dragging !== void 0 && (n.dragging = i.dragging), n.expandParent && n.parentNode)) {
				let e = t[r.indexOf(n.parentNode)];
				e && Xo(e) && ws(n, e);
			}
			break;
		case "dimensions": if (Xo(n) && (i.dimensions !== void 0 && (n.dimensions = i.dimensions), i.updateStyle !== void 0 && i.updateStyle && (n.style = {
			...n.style || {},
			width: `${i.dimensions?.width}px`,
			height: `${i.dimensions?.height}px`
		}), i.resizing !== void 0 && (n.resizing = i.resizing), n.expandParent && n.parentNode)) {
			let e = t[r.indexOf(n.parentNode)];
			e && Xo(e) && (e.dimensions.width && e.dimensions.height ? ws(n, e) : b(() => {
				ws(n, e);
			}));
		}
	}
	return t;
}
function Es(e, t) {
	return {
		id: e,
		type: "select",
		selected: t
	};
}
function Ds(e) {
	return {
		item: e,
		type: "add"
	};
}
function Os(e) {
	return {
		id: e,
		type: "remove"
	};
}
function ks(e, t, n, r, i) {
	return {
		id: e,
		source: t,
		target: n,
		sourceHandle: r || null,
		targetHandle: i || null,
		type: "remove"
	};
}
function As(e, t = /* @__PURE__ */ new Set(), n = !1) {
	let r = [];
	for (let [i, a] of e) {
		let e = t.has(i);
		(a.selected !== void 0 || e) && a.selected !== e && (n && (a.selected = e), r.push(Es(a.id, e)));
	}
	return r;
}
var js = () => {};
function Y(e) {
	let t = /* @__PURE__ */ new Set(), n = js, r = () => !1, i = () => t.size > 0 || r(), a = (e) => {
		n = e;
	}, o = () => {
		n = js;
	}, s = (e) => {
		r = e;
	}, c = () => {
		r = () => !1;
	}, l = (e) => {
		t.delete(e);
	};
	return {
		on: (e) => {
			t.add(e);
			let n = () => l(e);
			return ue(n), { off: n };
		},
		off: l,
		trigger: (r) => {
			let a = [n];
			return i() ? a.push(...t) : e && a.push(e), Promise.allSettled(a.map((e) => e(r)));
		},
		hasListeners: i,
		listeners: t,
		setEmitter: a,
		removeEmitter: o,
		setHasEmitListeners: s,
		removeHasEmitListeners: c
	};
}
function Ms(e, t, n) {
	let r = e;
	do {
		if (r && r.matches(t)) return !0;
		if (r === n) return !1;
		r = r.parentElement;
	} while (r);
	return !1;
}
function Ns(e, t, n, r) {
	let i = /* @__PURE__ */ new Map();
	for (let [a, o] of e) (o.selected || o.id === r) && (!o.parentNode || !ys(o, e)) && (o.draggable || t && o.draggable === void 0) && e.get(a) && i.set(a, {
		id: o.id,
		position: o.position || {
			x: 0,
			y: 0
		},
		distance: {
			x: n.x - o.computedPosition?.x || 0,
			y: n.y - o.computedPosition?.y || 0
		},
		from: {
			x: o.computedPosition.x,
			y: o.computedPosition.y
		},
		extent: o.extent,
		parentNode: o.parentNode,
		dimensions: { ...o.dimensions },
		expandParent: o.expandParent
	});
	return Array.from(i.values());
}
function Ps({ id: e, dragItems: t, findNode: n }) {
	let r = [];
	for (let e of t) {
		let t = n(e.id);
		t && r.push(t);
	}
	return [e ? r.find((t) => t.id === e) : r[0], r];
}
function Fs(e) {
	if (Array.isArray(e)) switch (e.length) {
		case 1: return [
			e[0],
			e[0],
			e[0],
			e[0]
		];
		case 2: return [
			e[0],
			e[1],
			e[0],
			e[1]
		];
		case 3: return [
			e[0],
			e[1],
			e[2],
			e[1]
		];
		case 4: return e;
		default: return [
			0,
			0,
			0,
			0
		];
	}
	return [
		e,
		e,
		e,
		e
	];
}
function Is(e, t, n) {
	let [r, i, a, o] = typeof e == "string" ? [
		0,
		0,
		0,
		0
	] : Fs(e.padding);
	return n && n.computedPosition.x !== void 0 && n.computedPosition.y !== void 0 && n.dimensions.width !== void 0 && n.dimensions.height !== void 0 ? [[n.computedPosition.x + o, n.computedPosition.y + r], [n.computedPosition.x + n.dimensions.width - i, n.computedPosition.y + n.dimensions.height - a]] : !1;
}
function Ls(e, t, n, r) {
	let i = e.extent || n;
	if ((i === "parent" || !Array.isArray(i) && i?.range === "parent") && !e.expandParent) {
		if (e.parentNode && r && e.dimensions.width && e.dimensions.height) {
			let t = Is(i, e, r);
			t && (i = t);
		} else t(new Z(X.NODE_EXTENT_INVALID, e.id)), i = n;
	} else if (Array.isArray(i)) {
		let e = r?.computedPosition.x || 0, t = r?.computedPosition.y || 0;
		i = [[i[0][0] + e, i[0][1] + t], [i[1][0] + e, i[1][1] + t]];
	} else if (i !== "parent" && i?.range && Array.isArray(i.range)) {
		let [e, t, n, a] = Fs(i.padding), o = r?.computedPosition.x || 0, s = r?.computedPosition.y || 0;
		i = [[i.range[0][0] + o + a, i.range[0][1] + s + e], [i.range[1][0] + o - t, i.range[1][1] + s - n]];
	}
	return i === "parent" ? [[-Infinity, -Infinity], [Infinity, Infinity]] : i;
}
function Rs({ width: e, height: t }, n) {
	return [n[0], [n[1][0] - (e || 0), n[1][1] - (t || 0)]];
}
function zs(e, t, n, r, i) {
	let a = Ko(t, Rs(e.dimensions, Ls(e, n, r, i)));
	return {
		position: {
			x: a.x - (i?.computedPosition.x || 0),
			y: a.y - (i?.computedPosition.y || 0)
		},
		computedPosition: a
	};
}
function Bs(e, t, n = J.Left, r = !1) {
	let i = (t?.x ?? 0) + e.computedPosition.x, a = (t?.y ?? 0) + e.computedPosition.y, { width: o, height: s } = t ?? Ys(e);
	if (r) return {
		x: i + o / 2,
		y: a + s / 2
	};
	switch (t?.position ?? n) {
		case J.Top: return {
			x: i + o / 2,
			y: a
		};
		case J.Right: return {
			x: i + o,
			y: a + s / 2
		};
		case J.Bottom: return {
			x: i + o / 2,
			y: a + s
		};
		case J.Left: return {
			x: i,
			y: a + s / 2
		};
	}
}
function Vs(e, t) {
	return e && (t ? e.find((e) => e.id === t) : e[0]) || null;
}
function Hs({ sourcePos: e, targetPos: t, sourceWidth: n, sourceHeight: r, targetWidth: i, targetHeight: a, width: o, height: s, viewport: c }) {
	let l = {
		x: Math.min(e.x, t.x),
		y: Math.min(e.y, t.y),
		x2: Math.max(e.x + n, t.x + i),
		y2: Math.max(e.y + r, t.y + a)
	};
	l.x === l.x2 && (l.x2 += 1), l.y === l.y2 && (l.y2 += 1);
	let u = ls({
		x: (0 - c.x) / c.zoom,
		y: (0 - c.y) / c.zoom,
		width: o / c.zoom,
		height: s / c.zoom
	}), d = Math.max(0, Math.min(u.x2, l.x2) - Math.max(u.x, l.x)), f = Math.max(0, Math.min(u.y2, l.y2) - Math.max(u.y, l.y));
	return Math.ceil(d * f) > 0;
}
function Us(e, t, n = !1) {
	let r = typeof e.zIndex == "number", i = r ? e.zIndex : 0, a = t(e.source), o = t(e.target);
	return !a || !o ? 0 : (n && (i = r ? e.zIndex : Math.max(a.computedPosition.z || 0, o.computedPosition.z || 0)), i);
}
var X = /* @__PURE__ */ ((e) => (e.MISSING_STYLES = "MISSING_STYLES", e.MISSING_VIEWPORT_DIMENSIONS = "MISSING_VIEWPORT_DIMENSIONS", e.NODE_INVALID = "NODE_INVALID", e.NODE_NOT_FOUND = "NODE_NOT_FOUND", e.NODE_MISSING_PARENT = "NODE_MISSING_PARENT", e.NODE_TYPE_MISSING = "NODE_TYPE_MISSING", e.NODE_EXTENT_INVALID = "NODE_EXTENT_INVALID", e.EDGE_INVALID = "EDGE_INVALID", e.EDGE_NOT_FOUND = "EDGE_NOT_FOUND", e.EDGE_SOURCE_MISSING = "EDGE_SOURCE_MISSING", e.EDGE_TARGET_MISSING = "EDGE_TARGET_MISSING", e.EDGE_TYPE_MISSING = "EDGE_TYPE_MISSING", e.EDGE_SOURCE_TARGET_SAME = "EDGE_SOURCE_TARGET_SAME", e.EDGE_SOURCE_TARGET_MISSING = "EDGE_SOURCE_TARGET_MISSING", e.EDGE_ORPHANED = "EDGE_ORPHANED", e.USEVUEFLOW_OPTIONS = "USEVUEFLOW_OPTIONS", e))(X || {}), Ws = {
	MISSING_STYLES: () => "It seems that you haven't loaded the necessary styles. Please import '@vue-flow/core/dist/style.css' to ensure that the graph is rendered correctly",
	MISSING_VIEWPORT_DIMENSIONS: () => "The Vue Flow parent container needs a width and a height to render the graph",
	NODE_INVALID: (e) => `Node is invalid
Node: ${e}`,
	NODE_NOT_FOUND: (e) => `Node not found
Node: ${e}`,
	NODE_MISSING_PARENT: (e, t) => `Node is missing a parent
Node: ${e}
Parent: ${t}`,
	NODE_TYPE_MISSING: (e) => `Node type is missing
Type: ${e}`,
	NODE_EXTENT_INVALID: (e) => `Only child nodes can use a parent extent
Node: ${e}`,
	EDGE_INVALID: (e) => `An edge needs a source and a target
Edge: ${e}`,
	EDGE_SOURCE_MISSING: (e, t) => `Edge source is missing
Edge: ${e} 
Source: ${t}`,
	EDGE_TARGET_MISSING: (e, t) => `Edge target is missing
Edge: ${e} 
Target: ${t}`,
	EDGE_TYPE_MISSING: (e) => `Edge type is missing
Type: ${e}`,
	EDGE_SOURCE_TARGET_SAME: (e, t, n) => `Edge source and target are the same
Edge: ${e} 
Source: ${t} 
Target: ${n}`,
	EDGE_SOURCE_TARGET_MISSING: (e, t, n) => `Edge source or target is missing
Edge: ${e} 
Source: ${t} 
Target: ${n}`,
	EDGE_ORPHANED: (e) => `Edge was orphaned (suddenly missing source or target) and has been removed
Edge: ${e}`,
	EDGE_NOT_FOUND: (e) => `Edge not found
Edge: ${e}`,
	USEVUEFLOW_OPTIONS: () => "The options parameter is deprecated and will be removed in the next major version. Please use the id parameter instead"
}, Z = class extends Error {
	constructor(e, ...t) {
		super(Ws[e]?.call(Ws, ...t)), this.name = "VueFlowError", this.code = e, this.args = t;
	}
};
function Gs(e) {
	return "clientX" in e;
}
function Ks(e) {
	return "sourceEvent" in e;
}
function qs(e, t) {
	let n = Gs(e), r, i;
	return n ? (r = e.clientX, i = e.clientY) : "touches" in e && e.touches.length > 0 ? (r = e.touches[0].clientX, i = e.touches[0].clientY) : "changedTouches" in e && e.changedTouches.length > 0 ? (r = e.changedTouches[0].clientX, i = e.changedTouches[0].clientY) : (r = 0, i = 0), {
		x: r - (t?.left ?? 0),
		y: i - (t?.top ?? 0)
	};
}
var Js = () => typeof navigator < "u" && (navigator == null ? void 0 : navigator.userAgent)?.indexOf("Mac") >= 0;
function Ys(e) {
	return {
		width: e.dimensions?.width ?? e.width ?? 0,
		height: e.dimensions?.height ?? e.height ?? 0
	};
}
function Xs(e, t = [1, 1]) {
	return {
		x: t[0] * Math.round(e.x / t[0]),
		y: t[1] * Math.round(e.y / t[1])
	};
}
var Zs = () => !0;
function Qs(e) {
	e?.classList.remove("valid", "connecting", "vue-flow__handle-valid", "vue-flow__handle-connecting");
}
function $s(e, t, n) {
	let r = [], i = {
		x: e.x - n,
		y: e.y - n,
		width: n * 2,
		height: n * 2
	};
	for (let e of t.values()) Uo(i, Ho(e)) > 0 && r.push(e);
	return r;
}
var ec = 250;
function tc(e, t, n, r) {
	let i = [], a = Infinity, o = $s(e, n, t + ec);
	for (let n of o) {
		let o = [...n.handleBounds?.source ?? [], ...n.handleBounds?.target ?? []];
		for (let s of o) {
			if (r.nodeId === s.nodeId && r.type === s.type && r.id === s.id) continue;
			let { x: o, y: c } = Bs(n, s, s.position, !0), l = Math.sqrt((o - e.x) ** 2 + (c - e.y) ** 2);
			l > t || (l < a ? (i = [{
				...s,
				x: o,
				y: c
			}], a = l) : l === a && i.push({
				...s,
				x: o,
				y: c
			}));
		}
	}
	if (!i.length) return null;
	if (i.length > 1) {
		let e = r.type === "source" ? "target" : "source";
		return i.find((t) => t.type === e) ?? i[0];
	}
	return i[0];
}
function nc(e, { handle: t, connectionMode: n, fromNodeId: r, fromHandleId: i, fromType: a, doc: o, lib: s, flowId: c, isValidConnection: l = Zs }, u, d, f, p) {
	let m = a === "target", h = t ? o.querySelector(`.${s}-flow__handle[data-id="${c}-${t?.nodeId}-${t?.id}-${t?.type}"]`) : null, { x: g, y: _ } = qs(e), v = o.elementFromPoint(g, _), y = v?.classList.contains(`${s}-flow__handle`) ? v : h, b = {
		handleDomNode: y,
		isValid: !1,
		connection: null,
		toHandle: null
	};
	if (y) {
		let e = rc(void 0, y), t = y.getAttribute("data-nodeid"), a = y.getAttribute("data-handleid"), o = y.classList.contains("connectable"), s = y.classList.contains("connectableend");
		if (!t || !e) return b;
		let c = {
			source: m ? t : r,
			sourceHandle: m ? a : i,
			target: m ? r : t,
			targetHandle: m ? i : a
		};
		b.connection = c, b.isValid = o && s && (n === To.Strict ? m && e === "source" || !m && e === "target" : t !== r || a !== i) && l(c, {
			nodes: d,
			edges: u,
			sourceNode: f(c.source),
			targetNode: f(c.target)
		}), b.toHandle = oc(t, e, a, p, n, !0);
	}
	return b;
}
function rc(e, t) {
	return e || (t?.classList.contains("target") ? "target" : t?.classList.contains("source") ? "source" : null);
}
function ic(e, t) {
	let n = null;
	return t ? n = "valid" : e && !t && (n = "invalid"), n;
}
function ac(e, t) {
	let n = null;
	return t ? n = !0 : e && !t && (n = !1), n;
}
function oc(e, t, n, r, i, a = !1) {
	let o = r.get(e);
	if (!o) return null;
	let s = i === To.Strict ? o.handleBounds?.[t] : [...o.handleBounds?.source ?? [], ...o.handleBounds?.target ?? []], c = (n ? s?.find((e) => e.id === n) : s?.[0]) ?? null;
	return c && a ? {
		...c,
		...Bs(o, c, c.position, !0)
	} : c;
}
var sc = {
	[J.Left]: J.Right,
	[J.Right]: J.Left,
	[J.Top]: J.Bottom,
	[J.Bottom]: J.Top
}, cc = ["production", "prod"];
function lc(e, ...t) {
	uc() && console.warn(`[Vue Flow]: ${e}`, ...t);
}
function uc() {
	return !cc.includes("production");
}
function dc(e, t, n, r, i) {
	let a = t.querySelectorAll(`.vue-flow__handle.${e}`);
	return a?.length ? Array.from(a).map((t) => {
		let a = t.getBoundingClientRect();
		return {
			id: t.getAttribute("data-handleid"),
			type: e,
			nodeId: i,
			position: t.getAttribute("data-handlepos"),
			x: (a.left - n.left) / r,
			y: (a.top - n.top) / r,
			...Wo(t)
		};
	}) : null;
}
function fc(e, t, n, r, i, a = !1, o) {
	i.value = !1, e.selected ? (a || e.selected && t) && (r([e]), b(() => {
		o.blur();
	})) : n([e]);
}
function Q(e) {
	return H(e) !== void 0;
}
function pc(e, t, n, r) {
	if (!e || !e.source || !e.target) return n(new Z(X.EDGE_INVALID, e?.id ?? "[ID UNKNOWN]")), !1;
	let i;
	return i = Jo(e) ? e : {
		...e,
		id: is(e)
	}, i = es(i, void 0, r), !as(i, t) && i;
}
function mc(e, t, n, r, i) {
	if (!t.source || !t.target) return i(new Z(X.EDGE_INVALID, e.id)), !1;
	if (!n) return i(new Z(X.EDGE_NOT_FOUND, e.id)), !1;
	let { id: a, ...o } = e;
	return {
		...o,
		id: r ? is(t) : a,
		source: t.source,
		target: t.target,
		sourceHandle: t.sourceHandle,
		targetHandle: t.targetHandle
	};
}
function hc(e, t, n) {
	let r = {}, i = [];
	for (let a = 0; a < e.length; ++a) {
		let o = e[a];
		if (!Yo(o)) {
			n(new Z(X.NODE_INVALID, o?.id));
			continue;
		}
		let s = $o(o, t(o.id), o.parentNode);
		o.parentNode && (r[o.parentNode] = !0), i[a] = s;
	}
	for (let e of i) {
		let a = t(e.parentNode) || i.find((t) => t.id === e.parentNode);
		e.parentNode && !a && n(new Z(X.NODE_MISSING_PARENT, e.id, e.parentNode)), (e.parentNode || r[e.id]) && (r[e.id] && (e.isParent = !0), a && (a.isParent = !0));
	}
	return i;
}
function gc(e, t, n, r, i, a) {
	let o = i, s = r.get(o) || /* @__PURE__ */ new Map();
	r.set(o, s.set(n, t)), o = `${i}-${e}`;
	let c = r.get(o) || /* @__PURE__ */ new Map();
	if (r.set(o, c.set(n, t)), a) {
		o = `${i}-${e}-${a}`;
		let s = r.get(o) || /* @__PURE__ */ new Map();
		r.set(o, s.set(n, t));
	}
}
function _c(e, t, n) {
	e.clear();
	for (let t of n) {
		let { source: n, target: r, sourceHandle: i = null, targetHandle: a = null } = t, o = {
			edgeId: t.id,
			source: n,
			target: r,
			sourceHandle: i,
			targetHandle: a
		}, s = `${n}-${i}--${r}-${a}`;
		gc("source", o, `${r}-${a}--${n}-${i}`, e, n, i), gc("target", o, s, e, r, a);
	}
}
function vc(e, t) {
	if (e.size !== t.size) return !1;
	for (let n of e) if (!t.has(n)) return !1;
	return !0;
}
function yc(e, t, n, r, i, a, o, s) {
	let c = [];
	for (let l of e) {
		let e = Jo(l) ? l : pc(l, s, i, a);
		if (!e) continue;
		let u = n(e.source), d = n(e.target);
		if (!u || !d) {
			i(new Z(X.EDGE_SOURCE_TARGET_MISSING, e.id, e.source, e.target));
			continue;
		}
		if (!u) {
			i(new Z(X.EDGE_SOURCE_MISSING, e.id, e.source));
			continue;
		}
		if (!d) {
			i(new Z(X.EDGE_TARGET_MISSING, e.id, e.target));
			continue;
		}
		if (t && !t(e, {
			edges: s,
			nodes: o,
			sourceNode: u,
			targetNode: d
		})) {
			i(new Z(X.EDGE_INVALID, e.id));
			continue;
		}
		let f = r(e.id);
		c.push({
			...es(e, f, a),
			sourceNode: u,
			targetNode: d
		});
	}
	return c;
}
var bc = Symbol("vueFlow"), xc = Symbol("nodeId"), Sc = Symbol("nodeRef"), Cc = Symbol("edgeId"), wc = Symbol("edgeRef"), Tc = Symbol("slots");
function Ec(e) {
	let { vueFlowRef: t, snapToGrid: n, snapGrid: r, noDragClassName: i, nodeLookup: a, nodeExtent: o, nodeDragThreshold: s, viewport: c, autoPanOnNodeDrag: l, autoPanSpeed: u, nodesDraggable: d, panBy: f, findNode: p, multiSelectionActive: m, nodesSelectionActive: h, selectNodesOnDrag: g, removeSelectedElements: _, addSelectedNodes: v, updateNodePositions: y, emits: b } = $(), { onStart: x, onDrag: S, onStop: C, onClick: w, el: T, disabled: E, id: D, selectable: O, dragHandle: k } = e, A = L(!1), j = [], M, N = null, P = {
		x: void 0,
		y: void 0
	}, F = {
		x: 0,
		y: 0
	}, I = null, R = !1, z = !1, B = 0, H = !1, U = kc(), ee = ({ x: e, y: t }) => {
		P = {
			x: e,
			y: t
		};
		let i = !1;
		if (j = j.map((a) => {
			let s = {
				x: e - a.distance.x,
				y: t - a.distance.y
			}, { computedPosition: c } = zs(a, n.value ? Xs(s, r.value) : s, b.error, o.value, a.parentNode ? p(a.parentNode) : void 0);
			return i = i || a.position.x !== c.x || a.position.y !== c.y, a.position = c, a;
		}), z ||= i, i && (y(j, !0, !0), A.value = !0, I)) {
			let [e, t] = Ps({
				id: D,
				dragItems: j,
				findNode: p
			});
			S({
				event: I,
				node: e,
				nodes: t
			});
		}
	}, te = () => {
		if (!N) return;
		let [e, t] = Cs(F, N, u.value);
		if (e !== 0 || t !== 0) {
			let n = {
				x: (P.x ?? 0) - e / c.value.zoom,
				y: (P.y ?? 0) - t / c.value.zoom
			};
			f({
				x: e,
				y: t
			}) && ee(n);
		}
		B = requestAnimationFrame(te);
	}, W = (e, t) => {
		R = !0;
		let n = p(D);
		g.value || m.value || !n || n.selected || _(), n && V(O) && g.value && fc(n, m.value, v, _, h, !1, t);
		let r = U(e.sourceEvent);
		if (P = r, j = Ns(a.value, d.value, r, D), j.length) {
			let [t, n] = Ps({
				id: D,
				dragItems: j,
				findNode: p
			});
			x({
				event: e.sourceEvent,
				node: t,
				nodes: n
			});
		}
	}, ne = (e, n) => {
		e.sourceEvent.type === "touchmove" && e.sourceEvent.touches.length > 1 || (z = !1, s.value === 0 && W(e, n), P = U(e.sourceEvent), N = t.value?.getBoundingClientRect() || null, F = qs(e.sourceEvent, N));
	}, K = (e, t) => {
		let n = U(e.sourceEvent);
		if (!H && R && l.value && (H = !0, te()), !R) {
			let r = n.xSnapped - (P.x ?? 0), i = n.ySnapped - (P.y ?? 0);
			Math.sqrt(r * r + i * i) > s.value && W(e, t);
		}
		(P.x !== n.xSnapped || P.y !== n.ySnapped) && j.length && R && (I = e.sourceEvent, F = qs(e.sourceEvent, N), ee(n));
	}, re = (e) => {
		let t = !1;
		if (!R && !A.value && !m.value) {
			let n = e.sourceEvent, r = U(n), i = r.xSnapped - (P.x ?? 0), a = r.ySnapped - (P.y ?? 0), o = Math.sqrt(i * i + a * a);
			o !== 0 && o <= s.value && (w?.(n), t = !0);
		}
		if (j.length && !t) {
			z &&= (y(j, !1, !1), !1);
			let [t, n] = Ps({
				id: D,
				dragItems: j,
				findNode: p
			});
			C({
				event: e.sourceEvent,
				node: t,
				nodes: n
			});
		}
		j = [], A.value = !1, H = !1, R = !1, P = {
			x: void 0,
			y: void 0
		}, cancelAnimationFrame(B);
	};
	return G([() => V(E), T], ([e, t], n, r) => {
		if (t) {
			let n = Rn(t);
			e || (M = $n().on("start", (e) => ne(e, t)).on("drag", (e) => K(e, t)).on("end", (e) => re(e)).filter((e) => {
				let n = e.target, r = V(k);
				return !e.button && (!i.value || !Ms(n, `.${i.value}`, t) && (!r || Ms(n, r, t)));
			}), n.call(M)), r(() => {
				n.on(".drag", null), M && (M.on("start", null), M.on("drag", null), M.on("end", null));
			});
		}
	}), A;
}
function Dc() {
	return {
		doubleClick: Y(),
		click: Y(),
		mouseEnter: Y(),
		mouseMove: Y(),
		mouseLeave: Y(),
		contextMenu: Y(),
		updateStart: Y(),
		update: Y(),
		updateEnd: Y()
	};
}
function Oc(e, t) {
	let n = Dc();
	return n.doubleClick.on((n) => {
		var r, i;
		t.edgeDoubleClick(n), (i = (r = e.events)?.doubleClick) == null || i.call(r, n);
	}), n.click.on((n) => {
		var r, i;
		t.edgeClick(n), (i = (r = e.events)?.click) == null || i.call(r, n);
	}), n.mouseEnter.on((n) => {
		var r, i;
		t.edgeMouseEnter(n), (i = (r = e.events)?.mouseEnter) == null || i.call(r, n);
	}), n.mouseMove.on((n) => {
		var r, i;
		t.edgeMouseMove(n), (i = (r = e.events)?.mouseMove) == null || i.call(r, n);
	}), n.mouseLeave.on((n) => {
		var r, i;
		t.edgeMouseLeave(n), (i = (r = e.events)?.mouseLeave) == null || i.call(r, n);
	}), n.contextMenu.on((n) => {
		var r, i;
		t.edgeContextMenu(n), (i = (r = e.events)?.contextMenu) == null || i.call(r, n);
	}), n.updateStart.on((n) => {
		var r, i;
		t.edgeUpdateStart(n), (i = (r = e.events)?.updateStart) == null || i.call(r, n);
	}), n.update.on((n) => {
		var r, i;
		t.edgeUpdate(n), (i = (r = e.events)?.update) == null || i.call(r, n);
	}), n.updateEnd.on((n) => {
		var r, i;
		t.edgeUpdateEnd(n), (i = (r = e.events)?.updateEnd) == null || i.call(r, n);
	}), Object.entries(n).reduce((e, [t, n]) => (e.emit[t] = n.trigger, e.on[t] = n.on, e), {
		emit: {},
		on: {}
	});
}
function kc() {
	let { viewport: e, snapGrid: t, snapToGrid: n, vueFlowRef: r } = $();
	return (i) => {
		let a = r.value?.getBoundingClientRect() ?? {
			left: 0,
			top: 0
		}, { x: o, y: s } = qs(Ks(i) ? i.sourceEvent : i, a), c = ss({
			x: o,
			y: s
		}, e.value), { x: l, y: u } = n.value ? Xs(c, t.value) : c;
		return {
			xSnapped: l,
			ySnapped: u,
			...c
		};
	};
}
function Ac() {
	return !0;
}
function jc({ handleId: e, nodeId: t, type: n, isValidConnection: r, edgeUpdaterType: i, onEdgeUpdate: a, onEdgeUpdateEnd: o }) {
	let { id: s, vueFlowRef: c, connectionMode: l, connectionRadius: u, connectOnClick: d, connectionClickStartHandle: f, nodesConnectable: p, autoPanOnConnect: m, autoPanSpeed: h, findNode: g, panBy: _, startConnection: v, updateConnection: y, endConnection: b, emits: x, viewport: S, edges: C, nodes: w, isValidConnection: T, nodeLookup: E } = $(), D = null, O = !1, k = null;
	function A(d) {
		let f = V(n) === "target", p = Gs(d), A = qo(d.target), j = d.currentTarget;
		if (j && (p && d.button === 0 || !p)) {
			let n = function(n) {
				U = qs(n, z), P = tc(ss(U, S.value, !1, [1, 1]), u.value, E.value, W), ee ||= (te(), !0);
				let r = nc(n, {
					handle: P,
					connectionMode: l.value,
					fromNodeId: V(t),
					fromHandleId: V(e),
					fromType: f ? "target" : "source",
					isValidConnection: N,
					doc: A,
					lib: "vue",
					flowId: s,
					nodeLookup: E.value
				}, C.value, w.value, g, E.value);
				k = r.handleDomNode, D = r.connection, O = ac(!!P, r.isValid);
				let i = {
					...K,
					isValid: O,
					to: r.toHandle && O ? os({
						x: r.toHandle.x,
						y: r.toHandle.y
					}, S.value) : U,
					toHandle: r.toHandle,
					toPosition: O && r.toHandle ? r.toHandle.position : sc[W.position],
					toNode: r.toHandle ? E.value.get(r.toHandle.nodeId) : null
				};
				if (O && P && K?.toHandle && i.toHandle && K.toHandle.type === i.toHandle.type && K.toHandle.nodeId === i.toHandle.nodeId && K.toHandle.id === i.toHandle.id && K.to.x === i.to.x && K.to.y === i.to.y) return;
				let a = P ?? r.toHandle;
				if (y(a && O ? os({
					x: a.x,
					y: a.y
				}, S.value) : U, a, ic(!!a, O)), K = i, !P && !O && !k) return Qs(H);
				D && D.source !== D.target && k && (Qs(H), H = k, k.classList.add("connecting", "vue-flow__handle-connecting"), k.classList.toggle("valid", !!O), k.classList.toggle("vue-flow__handle-valid", !!O));
			}, p = function(e) {
				"touches" in e && e.touches.length > 0 || ((P || k) && D && O && (a ? a(e, D) : x.connect(D)), x.connectEnd(e), i && o?.(e), Qs(H), cancelAnimationFrame(F), b(e), ee = !1, O = !1, D = null, k = null, A.removeEventListener("mousemove", n), A.removeEventListener("mouseup", p), A.removeEventListener("touchmove", n), A.removeEventListener("touchend", p));
			}, M = g(V(t)), N = V(r) || T.value || Ac;
			!N && M && (N = (f ? M.isValidSourcePos : M.isValidTargetPos) || Ac);
			let P, F = 0, { x: I, y: L } = qs(d), R = rc(V(i), j), z = c.value?.getBoundingClientRect();
			if (!z || !R) return;
			let B = oc(V(t), R, V(e), E.value, l.value);
			if (!B) return;
			let H, U = qs(d, z), ee = !1, te = () => {
				if (!m.value) return;
				let [e, t] = Cs(U, z, h.value);
				_({
					x: e,
					y: t
				}), F = requestAnimationFrame(te);
			}, W = {
				...B,
				nodeId: V(t),
				type: R,
				position: B.position
			}, G = E.value.get(V(t)), ne = {
				inProgress: !0,
				isValid: null,
				from: Bs(G, W, J.Left, !0),
				fromHandle: W,
				fromPosition: W.position,
				fromNode: G,
				to: U,
				toHandle: null,
				toPosition: sc[W.position],
				toNode: null
			};
			v({
				nodeId: V(t),
				id: V(e),
				type: R,
				position: j?.getAttribute("data-handlepos") || J.Top,
				...U
			}, {
				x: I - z.left,
				y: L - z.top
			}), x.connectStart({
				event: d,
				nodeId: V(t),
				handleId: V(e),
				handleType: R
			});
			let K = ne;
			A.addEventListener("mousemove", n), A.addEventListener("mouseup", p), A.addEventListener("touchmove", n), A.addEventListener("touchend", p);
		}
	}
	function j(i) {
		if (!d.value) return;
		let a = V(n) === "target";
		if (!f.value) {
			x.clickConnectStart({
				event: i,
				nodeId: V(t),
				handleId: V(e)
			}), v({
				nodeId: V(t),
				type: V(n),
				id: V(e),
				position: J.Top,
				...qs(i)
			}, void 0, !0);
			return;
		}
		let o = V(r) || T.value || Ac, c = g(V(t));
		if (!o && c && (o = (a ? c.isValidSourcePos : c.isValidTargetPos) || Ac), c && (c.connectable === void 0 ? p.value : c.connectable) === !1) return;
		let u = qo(i.target), m = nc(i, {
			handle: {
				nodeId: V(t),
				id: V(e),
				type: V(n),
				position: J.Top,
				...qs(i)
			},
			connectionMode: l.value,
			fromNodeId: f.value.nodeId,
			fromHandleId: f.value.id ?? null,
			fromType: f.value.type,
			isValidConnection: o,
			doc: u,
			lib: "vue",
			flowId: s,
			nodeLookup: E.value
		}, C.value, w.value, g, E.value), h = m.connection?.source === m.connection?.target;
		m.isValid && m.connection && !h && x.connect(m.connection), x.clickConnectEnd(i), b(i, !0);
	}
	return {
		handlePointerDown: A,
		handleClick: j
	};
}
function Mc() {
	return h(xc, "");
}
function Nc(e) {
	let n = e ?? Mc() ?? "", r = h(Sc, M(null)), { findNode: i, edges: a, emits: o } = $(), s = i(n);
	return s || o.error(new Z(X.NODE_NOT_FOUND, n)), {
		id: n,
		nodeEl: r,
		node: s,
		parentNode: t(() => i(s.parentNode)),
		connectedEdges: t(() => ps([s], a.value))
	};
}
function Pc() {
	return {
		doubleClick: Y(),
		click: Y(),
		mouseEnter: Y(),
		mouseMove: Y(),
		mouseLeave: Y(),
		contextMenu: Y(),
		dragStart: Y(),
		drag: Y(),
		dragStop: Y()
	};
}
function Fc(e, t) {
	let n = Pc();
	return n.doubleClick.on((n) => {
		var r, i;
		t.nodeDoubleClick(n), (i = (r = e.events)?.doubleClick) == null || i.call(r, n);
	}), n.click.on((n) => {
		var r, i;
		t.nodeClick(n), (i = (r = e.events)?.click) == null || i.call(r, n);
	}), n.mouseEnter.on((n) => {
		var r, i;
		t.nodeMouseEnter(n), (i = (r = e.events)?.mouseEnter) == null || i.call(r, n);
	}), n.mouseMove.on((n) => {
		var r, i;
		t.nodeMouseMove(n), (i = (r = e.events)?.mouseMove) == null || i.call(r, n);
	}), n.mouseLeave.on((n) => {
		var r, i;
		t.nodeMouseLeave(n), (i = (r = e.events)?.mouseLeave) == null || i.call(r, n);
	}), n.contextMenu.on((n) => {
		var r, i;
		t.nodeContextMenu(n), (i = (r = e.events)?.contextMenu) == null || i.call(r, n);
	}), n.dragStart.on((n) => {
		var r, i;
		t.nodeDragStart(n), (i = (r = e.events)?.dragStart) == null || i.call(r, n);
	}), n.drag.on((n) => {
		var r, i;
		t.nodeDrag(n), (i = (r = e.events)?.drag) == null || i.call(r, n);
	}), n.dragStop.on((n) => {
		var r, i;
		t.nodeDragStop(n), (i = (r = e.events)?.dragStop) == null || i.call(r, n);
	}), Object.entries(n).reduce((e, [t, n]) => (e.emit[t] = n.trigger, e.on[t] = n.on, e), {
		emit: {},
		on: {}
	});
}
function Ic() {
	let { getSelectedNodes: e, nodeExtent: t, updateNodePositions: n, findNode: r, snapGrid: i, snapToGrid: a, nodesDraggable: o, emits: s } = $();
	return (c, l = !1) => {
		let u = a.value ? i.value[0] : 5, d = a.value ? i.value[1] : 5, f = l ? 4 : 1, p = c.x * u * f, m = c.y * d * f, h = [];
		for (let n of e.value) if (n.draggable || o && n.draggable === void 0) {
			let { position: e } = zs(n, {
				x: n.computedPosition.x + p,
				y: n.computedPosition.y + m
			}, s.error, t.value, n.parentNode ? r(n.parentNode) : void 0);
			h.push({
				id: n.id,
				position: e,
				from: n.position,
				distance: {
					x: c.x,
					y: c.y
				},
				dimensions: n.dimensions
			});
		}
		n(h, !0, !1);
	};
}
var Lc = .1, Rc = (e) => ((e *= 2) <= 1 ? e * e * e : (e -= 2) * e * e + 2) / 2;
function zc() {
	return lc("Viewport not initialized yet."), Promise.resolve(!1);
}
var Bc = {
	zoomIn: zc,
	zoomOut: zc,
	zoomTo: zc,
	fitView: zc,
	setCenter: zc,
	fitBounds: zc,
	project: (e) => e,
	screenToFlowCoordinate: (e) => e,
	flowToScreenCoordinate: (e) => e,
	setViewport: zc,
	setTransform: zc,
	getViewport: () => ({
		x: 0,
		y: 0,
		zoom: 1
	}),
	getTransform: () => ({
		x: 0,
		y: 0,
		zoom: 1
	}),
	viewportInitialized: !1
};
function Vc(e) {
	function n(t, n) {
		return new Promise((r) => {
			e.d3Selection && e.d3Zoom ? e.d3Zoom.interpolate(n?.interpolate === "linear" ? ni : gi).scaleBy(Hc(e.d3Selection, n?.duration, n?.ease, () => {
				r(!0);
			}), t) : r(!1);
		});
	}
	function r(t, n, r, i) {
		return new Promise((a) => {
			var o;
			let { x: s, y: c } = Ko({
				x: -t,
				y: -n
			}, e.translateExtent), l = po.translate(-s, -c).scale(r);
			e.d3Selection && e.d3Zoom ? (o = e.d3Zoom) == null || o.interpolate(i?.interpolate === "linear" ? ni : gi).transform(Hc(e.d3Selection, i?.duration, i?.ease, () => {
				a(!0);
			}), l) : a(!1);
		});
	}
	return t(() => e.d3Zoom && e.d3Selection && e.dimensions.width && e.dimensions.height ? {
		viewportInitialized: !0,
		zoomIn: (e) => n(1.2, e),
		zoomOut: (e) => n(1 / 1.2, e),
		zoomTo: (t, n) => new Promise((r) => {
			e.d3Selection && e.d3Zoom ? e.d3Zoom.interpolate(n?.interpolate === "linear" ? ni : gi).scaleTo(Hc(e.d3Selection, n?.duration, n?.ease, () => {
				r(!0);
			}), t) : r(!1);
		}),
		setViewport: (e, t) => r(e.x, e.y, e.zoom, t),
		setTransform: (e, t) => r(e.x, e.y, e.zoom, t),
		getViewport: () => ({
			x: e.viewport.x,
			y: e.viewport.y,
			zoom: e.viewport.zoom
		}),
		getTransform: () => ({
			x: e.viewport.x,
			y: e.viewport.y,
			zoom: e.viewport.zoom
		}),
		fitView: (t = {
			padding: Lc,
			includeHiddenNodes: !1,
			duration: 0
		}) => {
			let n = [];
			for (let r of e.nodes) r.dimensions.width && r.dimensions.height && (t?.includeHiddenNodes || !r.hidden) && (!t.nodes?.length || t.nodes?.length && t.nodes.includes(r.id)) && n.push(r);
			if (!n.length) return Promise.resolve(!1);
			let { x: i, y: a, zoom: o } = _s(ds(n), e.dimensions.width, e.dimensions.height, t.minZoom ?? e.minZoom, t.maxZoom ?? e.maxZoom, t.padding ?? Lc);
			return r(i, a, o, t);
		},
		setCenter: (t, n, i) => {
			let a = i?.zoom === void 0 ? e.maxZoom : i.zoom;
			return r(e.dimensions.width / 2 - t * a, e.dimensions.height / 2 - n * a, a, i);
		},
		fitBounds: (t, n = { padding: Lc }) => {
			let { x: i, y: a, zoom: o } = _s(t, e.dimensions.width, e.dimensions.height, e.minZoom, e.maxZoom, n.padding ?? Lc);
			return r(i, a, o, n);
		},
		project: (t) => ss(t, e.viewport, e.snapToGrid, e.snapGrid),
		screenToFlowCoordinate: (t) => {
			if (e.vueFlowRef) {
				let { x: n, y: r } = e.vueFlowRef.getBoundingClientRect();
				return ss({
					x: t.x - n,
					y: t.y - r
				}, e.viewport, e.snapToGrid, e.snapGrid);
			}
			return {
				x: 0,
				y: 0
			};
		},
		flowToScreenCoordinate: (t) => {
			if (e.vueFlowRef) {
				let { x: n, y: r } = e.vueFlowRef.getBoundingClientRect();
				return os({
					x: t.x + n,
					y: t.y + r
				}, e.viewport);
			}
			return {
				x: 0,
				y: 0
			};
		}
	} : Bc);
}
function Hc(e, t = 0, n = Rc, r = () => {}) {
	let i = typeof t == "number" && t > 0;
	return i || r(), i ? e.transition().duration(t).ease(n).on("end", r) : e;
}
function Uc(e, t, n) {
	let r = d(!0);
	return r.run(() => {
		r.run(() => {
			let t, r, i = !!(n.nodes.value.length || n.edges.value.length);
			t = Se([e.modelValue, () => e.modelValue?.value?.length], ([e]) => {
				e && Array.isArray(e) && (r?.pause(), n.setElements(e), !r && !i && e.length ? i = !0 : r?.resume());
			}), r = Se([
				n.nodes,
				n.edges,
				() => n.edges.value.length,
				() => n.nodes.value.length
			], ([n, r]) => {
				e.modelValue?.value && Array.isArray(e.modelValue.value) && (t?.pause(), e.modelValue.value = [...n, ...r], b(() => {
					t?.resume();
				}));
			}, { immediate: i }), E(() => {
				t?.stop(), r?.stop();
			});
		}), r.run(() => {
			let t, r, i = !!n.nodes.value.length;
			t = Se([e.nodes, () => e.nodes?.value?.length], ([e]) => {
				e && Array.isArray(e) && (r?.pause(), n.setNodes(e), !r && !i && e.length ? i = !0 : r?.resume());
			}), r = Se([n.nodes, () => n.nodes.value.length], ([n]) => {
				e.nodes?.value && Array.isArray(e.nodes.value) && (t?.pause(), e.nodes.value = [...n], b(() => {
					t?.resume();
				}));
			}, { immediate: i }), E(() => {
				t?.stop(), r?.stop();
			});
		}), r.run(() => {
			let t, r, i = !!n.edges.value.length;
			t = Se([e.edges, () => e.edges?.value?.length], ([e]) => {
				e && Array.isArray(e) && (r?.pause(), n.setEdges(e), !r && !i && e.length ? i = !0 : r?.resume());
			}), r = Se([n.edges, () => n.edges.value.length], ([n]) => {
				e.edges?.value && Array.isArray(e.edges.value) && (t?.pause(), e.edges.value = [...n], b(() => {
					t?.resume();
				}));
			}, { immediate: i }), E(() => {
				t?.stop(), r?.stop();
			});
		}), r.run(() => {
			G(() => t.minZoom, () => {
				t.minZoom && Q(t.minZoom) && n.setMinZoom(t.minZoom);
			}, { immediate: !0 });
		}), r.run(() => {
			G(() => t.maxZoom, () => {
				t.maxZoom && Q(t.maxZoom) && n.setMaxZoom(t.maxZoom);
			}, { immediate: !0 });
		}), r.run(() => {
			G(() => t.translateExtent, () => {
				t.translateExtent && Q(t.translateExtent) && n.setTranslateExtent(t.translateExtent);
			}, { immediate: !0 });
		}), r.run(() => {
			G(() => t.nodeExtent, () => {
				t.nodeExtent && Q(t.nodeExtent) && n.setNodeExtent(t.nodeExtent);
			}, { immediate: !0 });
		}), r.run(() => {
			G(() => t.applyDefault, () => {
				Q(t.applyDefault) && (n.applyDefault.value = t.applyDefault);
			}, { immediate: !0 });
		}), r.run(() => {
			let e = async (e) => {
				let r = e;
				typeof t.autoConnect == "function" && (r = await t.autoConnect(e)), r !== !1 && n.addEdges([r]);
			};
			G(() => t.autoConnect, () => {
				Q(t.autoConnect) && (n.autoConnect.value = t.autoConnect);
			}, { immediate: !0 }), G(n.autoConnect, (t, r, i) => {
				t ? n.onConnect(e) : n.hooks.value.connect.off(e), i(() => {
					n.hooks.value.connect.off(e);
				});
			}, { immediate: !0 });
		}), (() => {
			let e = [
				"id",
				"modelValue",
				"translateExtent",
				"nodeExtent",
				"edges",
				"nodes",
				"maxZoom",
				"minZoom",
				"applyDefault",
				"autoConnect"
			];
			for (let i of Object.keys(t)) {
				let a = i;
				if (!e.includes(a)) {
					let e = z(() => t[a]), i = n[a];
					_(i) && r.run(() => {
						G(e, (e) => {
							Q(e) && (i.value = e);
						}, { immediate: !0 });
					});
				}
			}
		})();
	}), () => r.stop();
}
function Wc() {
	return {
		edgesChange: Y(),
		nodesChange: Y(),
		nodeDoubleClick: Y(),
		nodeClick: Y(),
		nodeMouseEnter: Y(),
		nodeMouseMove: Y(),
		nodeMouseLeave: Y(),
		nodeContextMenu: Y(),
		nodeDragStart: Y(),
		nodeDrag: Y(),
		nodeDragStop: Y(),
		nodesInitialized: Y(),
		miniMapNodeClick: Y(),
		miniMapNodeDoubleClick: Y(),
		miniMapNodeMouseEnter: Y(),
		miniMapNodeMouseMove: Y(),
		miniMapNodeMouseLeave: Y(),
		connect: Y(),
		connectStart: Y(),
		connectEnd: Y(),
		clickConnectStart: Y(),
		clickConnectEnd: Y(),
		paneReady: Y(),
		init: Y(),
		move: Y(),
		moveStart: Y(),
		moveEnd: Y(),
		selectionDragStart: Y(),
		selectionDrag: Y(),
		selectionDragStop: Y(),
		selectionContextMenu: Y(),
		selectionStart: Y(),
		selectionEnd: Y(),
		viewportChangeStart: Y(),
		viewportChange: Y(),
		viewportChangeEnd: Y(),
		paneScroll: Y(),
		paneClick: Y(),
		paneContextMenu: Y(),
		paneMouseEnter: Y(),
		paneMouseMove: Y(),
		paneMouseLeave: Y(),
		edgeContextMenu: Y(),
		edgeMouseEnter: Y(),
		edgeMouseMove: Y(),
		edgeMouseLeave: Y(),
		edgeDoubleClick: Y(),
		edgeClick: Y(),
		edgeUpdateStart: Y(),
		edgeUpdate: Y(),
		edgeUpdateEnd: Y(),
		updateNodeInternals: Y(),
		error: Y((e) => lc(e.message))
	};
}
function Gc(e, t) {
	let n = f();
	C(() => {
		for (let [n, i] of Object.entries(t.value)) i.setEmitter((t) => {
			e(n, t);
		}), ue(i.removeEmitter), i.setHasEmitListeners(() => r(n)), ue(i.removeHasEmitListeners);
	});
	function r(e) {
		let t = Kc(e);
		return !!n?.vnode.props?.[t];
	}
}
function Kc(e) {
	let [t, ...n] = e.split(":");
	return `on${t.replace(/(?:^|-)(\w)/g, (e, t) => t.toUpperCase())}${n.length ? `:${n.join(":")}` : ""}`;
}
function qc() {
	return {
		vueFlowRef: null,
		viewportRef: null,
		nodes: [],
		edges: [],
		connectionLookup: /* @__PURE__ */ new Map(),
		nodeTypes: {},
		edgeTypes: {},
		initialized: !1,
		dimensions: {
			width: 0,
			height: 0
		},
		viewport: {
			x: 0,
			y: 0,
			zoom: 1
		},
		d3Zoom: null,
		d3Selection: null,
		d3ZoomHandler: null,
		minZoom: .5,
		maxZoom: 2,
		translateExtent: [[-Infinity, -Infinity], [Infinity, Infinity]],
		nodeExtent: [[-Infinity, -Infinity], [Infinity, Infinity]],
		selectionMode: Co.Full,
		paneDragging: !1,
		preventScrolling: !0,
		zoomOnScroll: !0,
		zoomOnPinch: !0,
		zoomOnDoubleClick: !0,
		panOnScroll: !1,
		panOnScrollSpeed: .5,
		panOnScrollMode: Do.Free,
		paneClickDistance: 0,
		panOnDrag: !0,
		edgeUpdaterRadius: 10,
		onlyRenderVisibleElements: !1,
		defaultViewport: {
			x: 0,
			y: 0,
			zoom: 1
		},
		nodesSelectionActive: !1,
		userSelectionActive: !1,
		userSelectionRect: null,
		defaultMarkerColor: "#b1b1b7",
		connectionLineStyle: {},
		connectionLineType: null,
		connectionLineOptions: {
			type: wo.Bezier,
			style: {}
		},
		connectionMode: To.Loose,
		connectionStartHandle: null,
		connectionEndHandle: null,
		connectionClickStartHandle: null,
		connectionPosition: {
			x: NaN,
			y: NaN
		},
		connectionRadius: 20,
		connectOnClick: !0,
		connectionStatus: null,
		isValidConnection: null,
		snapGrid: [15, 15],
		snapToGrid: !1,
		edgesUpdatable: !1,
		edgesFocusable: !0,
		nodesFocusable: !0,
		nodesConnectable: !0,
		nodesDraggable: !0,
		nodeDragThreshold: 1,
		elementsSelectable: !0,
		selectNodesOnDrag: !0,
		multiSelectionActive: !1,
		selectionKeyCode: "Shift",
		multiSelectionKeyCode: Js() ? "Meta" : "Control",
		zoomActivationKeyCode: Js() ? "Meta" : "Control",
		deleteKeyCode: "Backspace",
		panActivationKeyCode: "Space",
		hooks: Wc(),
		applyDefault: !0,
		autoConnect: !1,
		fitViewOnInit: !1,
		fitViewOnInitDone: !1,
		noDragClassName: "nodrag",
		noWheelClassName: "nowheel",
		noPanClassName: "nopan",
		defaultEdgeOptions: void 0,
		elevateEdgesOnSelect: !1,
		elevateNodesOnSelect: !0,
		autoPanOnNodeDrag: !0,
		autoPanOnConnect: !0,
		autoPanSpeed: 15,
		disableKeyboardA11y: !1,
		ariaLiveMessage: ""
	};
}
var Jc = [
	"id",
	"vueFlowRef",
	"viewportRef",
	"initialized",
	"modelValue",
	"nodes",
	"edges",
	"maxZoom",
	"minZoom",
	"translateExtent",
	"hooks",
	"defaultEdgeOptions"
];
function Yc(e, t, n) {
	let r = Vc(e), i = (t) => {
		let n = t ?? [];
		e.hooks.updateNodeInternals.trigger(n);
	}, a = (t) => rs(t, e.nodes, e.edges), o = (t) => ns(t, e.nodes, e.edges), s = (t) => ps(t, e.edges), c = ({ id: t, type: n, nodeId: r }) => {
		let i = t ? `-${n}-${t}` : `-${n}`;
		return Array.from(e.connectionLookup.get(`${r}${i}`)?.values() ?? []);
	}, l = (e) => {
		if (e) return t.value.get(e);
	}, u = (e) => {
		if (e) return n.value.get(e);
	}, d = (t, n, r) => {
		let i = [];
		for (let e of t) {
			let t = {
				id: e.id,
				type: "position",
				dragging: r,
				from: e.from
			};
			if (n && (t.position = e.position, e.parentNode)) {
				let n = l(e.parentNode);
				t.position = {
					x: t.position.x - (n?.computedPosition?.x ?? 0),
					y: t.position.y - (n?.computedPosition?.y ?? 0)
				};
			}
			i.push(t);
		}
		i?.length && e.hooks.nodesChange.trigger(i);
	}, f = (t) => {
		if (!e.vueFlowRef) return;
		let n = e.vueFlowRef.querySelector(".vue-flow__transformationpane");
		if (!n) return;
		let i = window.getComputedStyle(n), { m22: a } = new window.DOMMatrixReadOnly(i.transform), o = [];
		for (let e of t) {
			let t = e, n = l(t.id);
			if (n) {
				let e = Wo(t.nodeElement);
				if (e.width && e.height && (n.dimensions.width !== e.width || n.dimensions.height !== e.height || t.forceUpdate)) {
					let r = t.nodeElement.getBoundingClientRect();
					n.dimensions = e, n.handleBounds.source = dc("source", t.nodeElement, r, a, n.id), n.handleBounds.target = dc("target", t.nodeElement, r, a, n.id), o.push({
						id: n.id,
						type: "dimensions",
						dimensions: e
					});
				}
			}
		}
		!e.fitViewOnInitDone && e.fitViewOnInit && r.value.fitView().then(() => {
			e.fitViewOnInitDone = !0;
		}), o.length && e.hooks.nodesChange.trigger(o);
	}, p = (r, i) => {
		let a = /* @__PURE__ */ new Set(), o = /* @__PURE__ */ new Set();
		for (let e of r) Yo(e) ? a.add(e.id) : Jo(e) && o.add(e.id);
		let s = As(t.value, a, !0), c = As(n.value, o);
		if (e.multiSelectionActive) {
			for (let e of a) s.push(Es(e, i));
			for (let e of o) c.push(Es(e, i));
		}
		s.length && e.hooks.nodesChange.trigger(s), c.length && e.hooks.edgesChange.trigger(c);
	}, m = (r) => {
		if (e.multiSelectionActive) {
			let t = r.map((e) => Es(e.id, !0));
			e.hooks.nodesChange.trigger(t);
		} else e.hooks.nodesChange.trigger(As(t.value, new Set(r.map((e) => e.id)), !0)), e.hooks.edgesChange.trigger(As(n.value));
	}, h = (r) => {
		if (e.multiSelectionActive) {
			let t = r.map((e) => Es(e.id, !0));
			e.hooks.edgesChange.trigger(t);
		} else e.hooks.edgesChange.trigger(As(n.value, new Set(r.map((e) => e.id)))), e.hooks.nodesChange.trigger(As(t.value, /* @__PURE__ */ new Set(), !0));
	}, g = (e) => {
		p(e, !0);
	}, _ = (t) => {
		let n = (t || e.nodes).map((e) => (e.selected = !1, Es(e.id, !1)));
		e.hooks.nodesChange.trigger(n);
	}, v = (t) => {
		let n = (t || e.edges).map((e) => (e.selected = !1, Es(e.id, !1)));
		e.hooks.edgesChange.trigger(n);
	}, y = (t) => {
		if (!t || !t.length) return p([], !1);
		let n = t.reduce((e, t) => {
			let n = Es(t.id, !1);
			return Yo(t) ? e.nodes.push(n) : e.edges.push(n), e;
		}, {
			nodes: [],
			edges: []
		});
		n.nodes.length && e.hooks.nodesChange.trigger(n.nodes), n.edges.length && e.hooks.edgesChange.trigger(n.edges);
	}, b = (t) => {
		var n;
		(n = e.d3Zoom) == null || n.scaleExtent([t, e.maxZoom]), e.minZoom = t;
	}, x = (t) => {
		var n;
		(n = e.d3Zoom) == null || n.scaleExtent([e.minZoom, t]), e.maxZoom = t;
	}, S = (t) => {
		var n;
		(n = e.d3Zoom) == null || n.translateExtent(t), e.translateExtent = t;
	}, C = (t) => {
		e.nodeExtent = t, i();
	}, w = (t) => {
		var n;
		(n = e.d3Zoom) == null || n.clickDistance(t);
	}, T = (t) => {
		e.nodesDraggable = t, e.nodesConnectable = t, e.elementsSelectable = t;
	}, E = (t) => {
		let n = t instanceof Function ? t(e.nodes) : t;
		(e.initialized || n.length) && (e.nodes = hc(n, l, e.hooks.error.trigger));
	}, D = (t) => {
		let r = t instanceof Function ? t(e.edges) : t;
		if (!e.initialized && !r.length) return;
		let i = yc(r, e.isValidConnection, l, u, e.hooks.error.trigger, e.defaultEdgeOptions, e.nodes, e.edges);
		_c(e.connectionLookup, n.value, i), e.edges = i;
	}, O = (t) => {
		let n = t instanceof Function ? t([...e.nodes, ...e.edges]) : t;
		(e.initialized || n.length) && (E(n.filter(Yo)), D(n.filter(Jo)));
	}, k = (t) => {
		let n = t instanceof Function ? t(e.nodes) : t;
		n = Array.isArray(n) ? n : [n];
		let r = hc(n, l, e.hooks.error.trigger), i = [];
		for (let e of r) i.push(Ds(e));
		i.length && e.hooks.nodesChange.trigger(i);
	}, A = (t) => {
		let n = t instanceof Function ? t(e.edges) : t;
		n = Array.isArray(n) ? n : [n];
		let r = yc(n, e.isValidConnection, l, u, e.hooks.error.trigger, e.defaultEdgeOptions, e.nodes, e.edges), i = [];
		for (let e of r) i.push(Ds(e));
		i.length && e.hooks.edgesChange.trigger(i);
	}, j = (t, n = !0, r = !1) => {
		let i = t instanceof Function ? t(e.nodes) : t, a = Array.isArray(i) ? i : [i], o = [], c = [];
		function u(e) {
			let t = s(e);
			for (let e of t) (!Q(e.deletable) || e.deletable) && c.push(ks(e.id, e.source, e.target, e.sourceHandle, e.targetHandle));
		}
		function d(t) {
			let r = [];
			for (let n of e.nodes) n.parentNode === t && r.push(n);
			if (r.length) {
				for (let e of r) o.push(Os(e.id));
				n && u(r);
				for (let e of r) d(e.id);
			}
		}
		for (let e of a) {
			let t = typeof e == "string" ? l(e) : e;
			t && (!Q(t.deletable) || t.deletable) && (o.push(Os(t.id)), n && u([t]), r && d(t.id));
		}
		c.length && e.hooks.edgesChange.trigger(c), o.length && e.hooks.nodesChange.trigger(o);
	}, M = (t) => {
		let n = t instanceof Function ? t(e.edges) : t, r = Array.isArray(n) ? n : [n], i = [];
		for (let e of r) {
			let t = typeof e == "string" ? u(e) : e;
			t && (!Q(t.deletable) || t.deletable) && i.push(ks(typeof e == "string" ? e : e.id, t.source, t.target, t.sourceHandle, t.targetHandle));
		}
		e.hooks.edgesChange.trigger(i);
	}, N = (t, r, i = !0) => {
		let a = u(t.id);
		if (!a) return !1;
		let o = e.edges.indexOf(a), s = mc(t, r, a, i, e.hooks.error.trigger);
		if (s) {
			let [t] = yc([s], e.isValidConnection, l, u, e.hooks.error.trigger, e.defaultEdgeOptions, e.nodes, e.edges);
			return e.edges = e.edges.map((e, n) => n === o ? t : e), _c(e.connectionLookup, n.value, [t]), t;
		}
		return !1;
	}, P = (e, t, n = { replace: !1 }) => {
		let r = u(e);
		if (!r) return;
		let i = typeof t == "function" ? t(r) : t;
		r.data = n.replace ? i : {
			...r.data,
			...i
		};
	}, F = (t) => Ts(t, e.nodes), I = (t) => {
		let r = Ts(t, e.edges);
		return _c(e.connectionLookup, n.value, r), r;
	}, L = (t, n, r = { replace: !1 }) => {
		let i = l(t);
		if (!i) return;
		let a = typeof n == "function" ? n(i) : n;
		r.replace ? e.nodes.splice(e.nodes.indexOf(i), 1, a) : Object.assign(i, a);
	}, R = (e, t, n = { replace: !1 }) => {
		let r = l(e);
		if (!r) return;
		let i = typeof t == "function" ? t(r) : t;
		r.data = n.replace ? i : {
			...r.data,
			...i
		};
	}, z = (t, n, r = !1) => {
		r ? e.connectionClickStartHandle = t : e.connectionStartHandle = t, e.connectionEndHandle = null, e.connectionStatus = null, n && (e.connectionPosition = n);
	}, B = (t, n = null, r = null) => {
		e.connectionStartHandle && (e.connectionPosition = t, e.connectionEndHandle = n, e.connectionStatus = r);
	}, V = (t, n) => {
		e.connectionPosition = {
			x: NaN,
			y: NaN
		}, e.connectionEndHandle = null, e.connectionStatus = null, n ? e.connectionClickStartHandle = null : e.connectionStartHandle = null;
	}, H = (e) => {
		let t = Qo(e), n = t ? null : Xo(e) ? e : l(e.id);
		return !t && !n ? [
			null,
			null,
			t
		] : [
			t ? e : Ho(n),
			n,
			t
		];
	}, U = (t, n = !0, r = e.nodes) => {
		let [i, a, o] = H(t);
		if (!i) return [];
		let s = [];
		for (let t of r || e.nodes) {
			if (!o && (t.id === a.id || !t.computedPosition)) continue;
			let e = Ho(t), r = Uo(e, i);
			(n && r > 0 || r >= e.width * e.height || r >= Number(i.width) * Number(i.height)) && s.push(t);
		}
		return s;
	}, ee = (e, t, n = !0) => {
		let [r] = H(e);
		if (!r) return !1;
		let i = Uo(r, t);
		return n && i > 0 || i >= Number(r.width) * Number(r.height);
	}, te = (t) => {
		let { viewport: n, dimensions: r, d3Zoom: i, d3Selection: a, translateExtent: o } = e;
		if (!i || !a || !t.x && !t.y) return !1;
		let s = po.translate(n.x + t.x, n.y + t.y).scale(n.zoom), c = [[0, 0], [r.width, r.height]], l = i.constrain()(s, c, o), u = e.viewport.x !== l.x || e.viewport.y !== l.y || e.viewport.zoom !== l.k;
		return i.transform(a, l), u;
	}, W = (t) => {
		let n = t instanceof Function ? t(e) : t, r = [
			"d3Zoom",
			"d3Selection",
			"d3ZoomHandler",
			"viewportRef",
			"vueFlowRef",
			"dimensions",
			"hooks"
		];
		Q(n.defaultEdgeOptions) && (e.defaultEdgeOptions = n.defaultEdgeOptions);
		let i = n.modelValue || n.nodes || n.edges ? [] : void 0;
		i && (n.modelValue && i.push(...n.modelValue), n.nodes && i.push(...n.nodes), n.edges && i.push(...n.edges), O(i));
		let a = () => {
			Q(n.maxZoom) && x(n.maxZoom), Q(n.minZoom) && b(n.minZoom), Q(n.translateExtent) && S(n.translateExtent);
		};
		for (let t of Object.keys(n)) {
			let i = t, a = n[i];
			![...Jc, ...r].includes(i) && Q(a) && (e[i] = a);
		}
		Te(() => e.d3Zoom).not.toBeNull().then(a), e.initialized ||= !0;
	};
	return {
		updateNodePositions: d,
		updateNodeDimensions: f,
		setElements: O,
		setNodes: E,
		setEdges: D,
		addNodes: k,
		addEdges: A,
		removeNodes: j,
		removeEdges: M,
		findNode: l,
		findEdge: u,
		updateEdge: N,
		updateEdgeData: P,
		updateNode: L,
		updateNodeData: R,
		applyEdgeChanges: I,
		applyNodeChanges: F,
		addSelectedElements: g,
		addSelectedNodes: m,
		addSelectedEdges: h,
		setMinZoom: b,
		setMaxZoom: x,
		setTranslateExtent: S,
		setNodeExtent: C,
		setPaneClickDistance: w,
		removeSelectedElements: y,
		removeSelectedNodes: _,
		removeSelectedEdges: v,
		startConnection: z,
		updateConnection: B,
		endConnection: V,
		setInteractive: T,
		setState: W,
		getIntersectingNodes: U,
		getIncomers: a,
		getOutgoers: o,
		getConnectedEdges: s,
		getHandleConnections: c,
		isNodeIntersecting: ee,
		panBy: te,
		fitView: (e) => r.value.fitView(e),
		zoomIn: (e) => r.value.zoomIn(e),
		zoomOut: (e) => r.value.zoomOut(e),
		zoomTo: (e, t) => r.value.zoomTo(e, t),
		setViewport: (e, t) => r.value.setViewport(e, t),
		setTransform: (e, t) => r.value.setTransform(e, t),
		getViewport: () => r.value.getViewport(),
		getTransform: () => r.value.getTransform(),
		setCenter: (e, t, n) => r.value.setCenter(e, t, n),
		fitBounds: (e, t) => r.value.fitBounds(e, t),
		project: (e) => r.value.project(e),
		screenToFlowCoordinate: (e) => r.value.screenToFlowCoordinate(e),
		flowToScreenCoordinate: (e) => r.value.flowToScreenCoordinate(e),
		toObject: () => {
			let t = [], n = [];
			for (let n of e.nodes) {
				let { computedPosition: e, handleBounds: r, selected: i, dimensions: a, isParent: o, resizing: s, dragging: c, events: l, ...u } = n;
				t.push(u);
			}
			for (let t of e.edges) {
				let { selected: e, sourceNode: r, targetNode: i, events: a, ...o } = t;
				n.push(o);
			}
			return JSON.parse(JSON.stringify({
				nodes: t,
				edges: n,
				position: [e.viewport.x, e.viewport.y],
				zoom: e.viewport.zoom,
				viewport: e.viewport
			}));
		},
		fromObject: (t) => new Promise((n) => {
			let { nodes: i, edges: a, position: o, zoom: s, viewport: c } = t;
			i && E(i), a && D(a);
			let [l, u] = c?.x && c?.y ? [c.x, c.y] : o ?? [null, null];
			if (l && u) {
				let t = c?.zoom || s || e.viewport.zoom;
				return Te(() => r.value.viewportInitialized).toBe(!0).then(() => {
					r.value.setViewport({
						x: l,
						y: u,
						zoom: t
					}).then(() => {
						n(!0);
					});
				});
			}
			n(!0);
		}),
		updateNodeInternals: i,
		viewportHelper: r,
		$reset: () => {
			let t = qc();
			if (e.edges = [], e.nodes = [], e.d3Zoom && e.d3Selection) {
				let n = po.translate(t.defaultViewport.x ?? 0, t.defaultViewport.y ?? 0).scale(Go(t.defaultViewport.zoom ?? 1, t.minZoom, t.maxZoom)), r = e.viewportRef.getBoundingClientRect(), i = [[0, 0], [r.width, r.height]], a = e.d3Zoom.constrain()(n, i, t.translateExtent);
				e.d3Zoom.transform(e.d3Selection, a);
			}
			W(t);
		},
		$destroy: () => {}
	};
}
var Xc = [
	"data-id",
	"data-handleid",
	"data-nodeid",
	"data-handlepos"
], Zc = /* @__PURE__ */ u({
	name: "Handle",
	compatConfig: { MODE: 3 },
	props: {
		id: { default: null },
		type: {},
		position: { default: () => J.Top },
		isValidConnection: { type: Function },
		connectable: {
			type: [
				Boolean,
				Number,
				String,
				Function
			],
			default: void 0
		},
		connectableStart: {
			type: Boolean,
			default: !0
		},
		connectableEnd: {
			type: Boolean,
			default: !0
		}
	},
	setup(e, { expose: n }) {
		let r = o(e, [
			"position",
			"connectable",
			"connectableStart",
			"connectableEnd",
			"id"
		]), a = z(() => r.type ?? "source"), s = z(() => r.isValidConnection ?? null), { id: c, connectionStartHandle: l, connectionClickStartHandle: u, connectionEndHandle: d, vueFlowRef: f, nodesConnectable: p, noDragClassName: m, noPanClassName: h } = $(), { id: g, node: _, nodeEl: v, connectedEdges: y } = Nc(), b = M(), S = z(() => e.connectableStart === void 0 || e.connectableStart), C = z(() => e.connectableEnd === void 0 || e.connectableEnd), w = z(() => l.value?.nodeId === g && l.value?.id === e.id && l.value?.type === a.value || d.value?.nodeId === g && d.value?.id === e.id && d.value?.type === a.value), E = z(() => u.value?.nodeId === g && u.value?.id === e.id && u.value?.type === a.value), { handlePointerDown: D, handleClick: k } = jc({
			nodeId: g,
			handleId: e.id,
			isValidConnection: s,
			type: a
		}), A = t(() => typeof e.connectable == "string" && e.connectable === "single" ? !y.value.some((t) => {
			let n = t[`${a.value}Handle`];
			return t[a.value] === g ? !n || n === e.id : !1;
		}) : typeof e.connectable == "number" ? y.value.filter((t) => {
			let n = t[`${a.value}Handle`];
			return t[a.value] === g ? !n || n === e.id : !1;
		}).length < e.connectable : typeof e.connectable == "function" ? e.connectable(_, y.value) : Q(e.connectable) ? e.connectable : p.value);
		T(() => {
			if (!_.dimensions.width || !_.dimensions.height) return;
			let t = _.handleBounds[a.value]?.find((t) => t.id === e.id);
			if (!f.value || t) return;
			let n = f.value.querySelector(".vue-flow__transformationpane");
			if (!v.value || !b.value || !n || !e.id) return;
			let r = v.value.getBoundingClientRect(), i = b.value.getBoundingClientRect(), o = window.getComputedStyle(n), { m22: s } = new window.DOMMatrixReadOnly(o.transform), c = {
				id: e.id,
				position: e.position,
				x: (i.left - r.left) / s,
				y: (i.top - r.top) / s,
				type: a.value,
				nodeId: g,
				...Wo(b.value)
			};
			_.handleBounds[a.value] = [..._.handleBounds[a.value] ?? [], c];
		});
		function j(e) {
			let t = Gs(e);
			A.value && S.value && (t && e.button === 0 || !t) && D(e);
		}
		function N(e) {
			g && (u.value || S.value) && A.value && k(e);
		}
		return n({
			handleClick: k,
			handlePointerDown: D,
			onClick: N,
			onPointerDown: j
		}), (t, n) => (O(), i("div", {
			ref_key: "handle",
			ref: b,
			"data-id": `${H(c)}-${H(g)}-${e.id}-${a.value}`,
			"data-handleid": e.id,
			"data-nodeid": H(g),
			"data-handlepos": t.position,
			class: x(["vue-flow__handle", [
				`vue-flow__handle-${t.position}`,
				`vue-flow__handle-${e.id}`,
				H(m),
				H(h),
				a.value,
				{
					connectable: A.value,
					connecting: E.value,
					connectablestart: S.value,
					connectableend: C.value,
					connectionindicator: A.value && (S.value && !w.value || C.value && w.value)
				}
			]]),
			onMousedown: j,
			onTouchstartPassive: j,
			onClick: N
		}, [P(t.$slots, "default", { id: t.id })], 42, Xc));
	}
}), Qc = function({ sourcePosition: t = J.Bottom, targetPosition: n = J.Top, label: r, connectable: i = !0, isValidTargetPos: a, isValidSourcePos: o, data: s }) {
	let c = s.label ?? r;
	return [
		m(Zc, {
			type: "target",
			position: n,
			connectable: i,
			isValidConnection: a
		}),
		typeof c != "string" && c ? m(c) : m(e, [c]),
		m(Zc, {
			type: "source",
			position: t,
			connectable: i,
			isValidConnection: o
		})
	];
};
Qc.props = [
	"sourcePosition",
	"targetPosition",
	"label",
	"isValidTargetPos",
	"isValidSourcePos",
	"connectable",
	"data"
], Qc.inheritAttrs = !1, Qc.compatConfig = { MODE: 3 };
var $c = Qc, el = function({ targetPosition: t = J.Top, label: n, connectable: r = !0, isValidTargetPos: i, data: a }) {
	let o = a.label ?? n;
	return [m(Zc, {
		type: "target",
		position: t,
		connectable: r,
		isValidConnection: i
	}), typeof o != "string" && o ? m(o) : m(e, [o])];
};
el.props = [
	"targetPosition",
	"label",
	"isValidTargetPos",
	"connectable",
	"data"
], el.inheritAttrs = !1, el.compatConfig = { MODE: 3 };
var tl = el, nl = function({ sourcePosition: t = J.Bottom, label: n, connectable: r = !0, isValidSourcePos: i, data: a }) {
	let o = a.label ?? n;
	return [typeof o != "string" && o ? m(o) : m(e, [o]), m(Zc, {
		type: "source",
		position: t,
		connectable: r,
		isValidConnection: i
	})];
};
nl.props = [
	"sourcePosition",
	"label",
	"isValidSourcePos",
	"connectable",
	"data"
], nl.inheritAttrs = !1, nl.compatConfig = { MODE: 3 };
var rl = nl, il = ["transform"], al = [
	"width",
	"height",
	"x",
	"y",
	"rx",
	"ry"
], ol = ["y"], sl = /* @__PURE__ */ u({
	name: "EdgeText",
	compatConfig: { MODE: 3 },
	props: {
		x: {},
		y: {},
		label: {},
		labelStyle: { default: () => ({}) },
		labelShowBg: {
			type: Boolean,
			default: !0
		},
		labelBgStyle: { default: () => ({}) },
		labelBgPadding: { default: () => [2, 4] },
		labelBgBorderRadius: { default: 2 }
	},
	setup(o) {
		let c = M({
			x: 0,
			y: 0,
			width: 0,
			height: 0
		}), l = M(null), u = t(() => `translate(${o.x - c.value.width / 2} ${o.y - c.value.height / 2})`);
		T(d), G([
			() => o.x,
			() => o.y,
			l,
			() => o.label
		], d);
		function d() {
			if (!l.value) return;
			let e = l.value.getBBox();
			(e.width !== c.value.width || e.height !== c.value.height) && (c.value = e);
		}
		return (t, o) => (O(), i("g", {
			transform: u.value,
			class: "vue-flow__edge-textwrapper"
		}, [t.labelShowBg ? (O(), i("rect", {
			key: 0,
			class: "vue-flow__edge-textbg",
			width: `${c.value.width + 2 * t.labelBgPadding[0]}px`,
			height: `${c.value.height + 2 * t.labelBgPadding[1]}px`,
			x: -t.labelBgPadding[0],
			y: -t.labelBgPadding[1],
			style: S(t.labelBgStyle),
			rx: t.labelBgBorderRadius,
			ry: t.labelBgBorderRadius
		}, null, 12, al)) : r("", !0), a("text", y(t.$attrs, {
			ref_key: "el",
			ref: l,
			class: "vue-flow__edge-text",
			y: c.value.height / 2,
			dy: "0.3em",
			style: t.labelStyle
		}), [P(t.$slots, "default", {}, () => [typeof t.label == "string" ? (O(), i(e, { key: 1 }, [s(R(t.label), 1)], 64)) : (O(), n(I(t.label), { key: 0 }))])], 16, ol)], 8, il));
	}
}), cl = [
	"id",
	"d",
	"marker-end",
	"marker-start"
], ll = ["d", "stroke-width"], ul = /* @__PURE__ */ u({
	name: "BaseEdge",
	inheritAttrs: !1,
	compatConfig: { MODE: 3 },
	props: {
		id: {},
		labelX: {},
		labelY: {},
		path: {},
		label: {},
		markerStart: {},
		markerEnd: {},
		interactionWidth: { default: 20 },
		labelStyle: {},
		labelShowBg: { type: Boolean },
		labelBgStyle: {},
		labelBgPadding: {},
		labelBgBorderRadius: {}
	},
	setup(t, { expose: o }) {
		let s = M(null), c = M(null), l = M(null), u = U();
		return o({
			pathEl: s,
			interactionEl: c,
			labelEl: l
		}), (t, o) => (O(), i(e, null, [
			a("path", y(H(u), {
				id: t.id,
				ref_key: "pathEl",
				ref: s,
				d: t.path,
				class: "vue-flow__edge-path",
				"marker-end": t.markerEnd,
				"marker-start": t.markerStart
			}), null, 16, cl),
			t.interactionWidth ? (O(), i("path", {
				key: 0,
				ref_key: "interactionEl",
				ref: c,
				fill: "none",
				d: t.path,
				"stroke-width": t.interactionWidth,
				"stroke-opacity": 0,
				class: "vue-flow__edge-interaction"
			}, null, 8, ll)) : r("", !0),
			t.label && t.labelX && t.labelY ? (O(), n(sl, {
				key: 1,
				ref_key: "labelEl",
				ref: l,
				x: t.labelX,
				y: t.labelY,
				label: t.label,
				"label-show-bg": t.labelShowBg,
				"label-bg-style": t.labelBgStyle,
				"label-bg-padding": t.labelBgPadding,
				"label-bg-border-radius": t.labelBgBorderRadius,
				"label-style": t.labelStyle
			}, null, 8, [
				"x",
				"y",
				"label",
				"label-show-bg",
				"label-bg-style",
				"label-bg-padding",
				"label-bg-border-radius",
				"label-style"
			])) : r("", !0)
		], 64));
	}
});
function dl({ sourceX: e, sourceY: t, targetX: n, targetY: r }) {
	let i = Math.abs(n - e) / 2, a = n < e ? n + i : n - i, o = Math.abs(r - t) / 2;
	return [
		a,
		r < t ? r + o : r - o,
		i,
		o
	];
}
function fl({ sourceX: e, sourceY: t, targetX: n, targetY: r, sourceControlX: i, sourceControlY: a, targetControlX: o, targetControlY: s }) {
	let c = e * .125 + i * .375 + o * .375 + n * .125, l = t * .125 + a * .375 + s * .375 + r * .125;
	return [
		c,
		l,
		Math.abs(c - e),
		Math.abs(l - t)
	];
}
function pl(e, t) {
	return e >= 0 ? .5 * e : t * 25 * Math.sqrt(-e);
}
function ml({ pos: e, x1: t, y1: n, x2: r, y2: i, c: a }) {
	let o, s;
	switch (e) {
		case J.Left:
			o = t - pl(t - r, a), s = n;
			break;
		case J.Right:
			o = t + pl(r - t, a), s = n;
			break;
		case J.Top:
			o = t, s = n - pl(n - i, a);
			break;
		case J.Bottom: o = t, s = n + pl(i - n, a);
	}
	return [o, s];
}
function hl(e) {
	let { sourceX: t, sourceY: n, sourcePosition: r = J.Bottom, targetX: i, targetY: a, targetPosition: o = J.Top, curvature: s = .25 } = e, [c, l] = ml({
		pos: r,
		x1: t,
		y1: n,
		x2: i,
		y2: a,
		c: s
	}), [u, d] = ml({
		pos: o,
		x1: i,
		y1: a,
		x2: t,
		y2: n,
		c: s
	}), [f, p, m, h] = fl({
		sourceX: t,
		sourceY: n,
		targetX: i,
		targetY: a,
		sourceControlX: c,
		sourceControlY: l,
		targetControlX: u,
		targetControlY: d
	});
	return [
		`M${t},${n} C${c},${l} ${u},${d} ${i},${a}`,
		f,
		p,
		m,
		h
	];
}
function gl({ pos: e, x1: t, y1: n, x2: r, y2: i }) {
	let a, o;
	switch (e) {
		case J.Left:
		case J.Right:
			a = .5 * (t + r), o = n;
			break;
		case J.Top:
		case J.Bottom: a = t, o = .5 * (n + i);
	}
	return [a, o];
}
function _l(e) {
	let { sourceX: t, sourceY: n, sourcePosition: r = J.Bottom, targetX: i, targetY: a, targetPosition: o = J.Top } = e, [s, c] = gl({
		pos: r,
		x1: t,
		y1: n,
		x2: i,
		y2: a
	}), [l, u] = gl({
		pos: o,
		x1: i,
		y1: a,
		x2: t,
		y2: n
	}), [d, f, p, m] = fl({
		sourceX: t,
		sourceY: n,
		targetX: i,
		targetY: a,
		sourceControlX: s,
		sourceControlY: c,
		targetControlX: l,
		targetControlY: u
	});
	return [
		`M${t},${n} C${s},${c} ${l},${u} ${i},${a}`,
		d,
		f,
		p,
		m
	];
}
var vl = {
	[J.Left]: {
		x: -1,
		y: 0
	},
	[J.Right]: {
		x: 1,
		y: 0
	},
	[J.Top]: {
		x: 0,
		y: -1
	},
	[J.Bottom]: {
		x: 0,
		y: 1
	}
};
function yl({ source: e, sourcePosition: t = J.Bottom, target: n }) {
	return t === J.Left || t === J.Right ? e.x < n.x ? {
		x: 1,
		y: 0
	} : {
		x: -1,
		y: 0
	} : e.y < n.y ? {
		x: 0,
		y: 1
	} : {
		x: 0,
		y: -1
	};
}
function bl(e, t) {
	return Math.sqrt((t.x - e.x) ** 2 + (t.y - e.y) ** 2);
}
function xl({ source: e, sourcePosition: t = J.Bottom, target: n, targetPosition: r = J.Top, center: i, offset: a }) {
	let o = vl[t], s = vl[r], c = {
		x: e.x + o.x * a,
		y: e.y + o.y * a
	}, l = {
		x: n.x + s.x * a,
		y: n.y + s.y * a
	}, u = yl({
		source: c,
		sourcePosition: t,
		target: l
	}), d = u.x === 0 ? "y" : "x", f = u[d], p, m, h, g = {
		x: 0,
		y: 0
	}, _ = {
		x: 0,
		y: 0
	}, [v, y, b, x] = dl({
		sourceX: e.x,
		sourceY: e.y,
		targetX: n.x,
		targetY: n.y
	});
	if (o[d] * s[d] === -1) {
		m = i.x ?? v, h = i.y ?? y;
		let e = [{
			x: m,
			y: c.y
		}, {
			x: m,
			y: l.y
		}], t = [{
			x: c.x,
			y: h
		}, {
			x: l.x,
			y: h
		}];
		p = o[d] === f ? d === "x" ? e : t : d === "x" ? t : e;
	} else {
		let i = [{
			x: c.x,
			y: l.y
		}], u = [{
			x: l.x,
			y: c.y
		}];
		if (p = d === "x" ? o.x === f ? u : i : o.y === f ? i : u, t === r) {
			let t = Math.abs(e[d] - n[d]);
			if (t <= a) {
				let r = Math.min(a - 1, a - t);
				o[d] === f ? g[d] = (c[d] > e[d] ? -1 : 1) * r : _[d] = (l[d] > n[d] ? -1 : 1) * r;
			}
		}
		if (t !== r) {
			let e = d === "x" ? "y" : "x", t = o[d] === s[e], n = c[e] > l[e], r = c[e] < l[e];
			(o[d] === 1 && (!t && n || t && r) || o[d] !== 1 && (!t && r || t && n)) && (p = d === "x" ? i : u);
		}
		let v = {
			x: c.x + g.x,
			y: c.y + g.y
		}, y = {
			x: l.x + _.x,
			y: l.y + _.y
		};
		Math.max(Math.abs(v.x - p[0].x), Math.abs(y.x - p[0].x)) >= Math.max(Math.abs(v.y - p[0].y), Math.abs(y.y - p[0].y)) ? (m = (v.x + y.x) / 2, h = p[0].y) : (m = p[0].x, h = (v.y + y.y) / 2);
	}
	return [
		[
			e,
			{
				x: c.x + g.x,
				y: c.y + g.y
			},
			...p,
			{
				x: l.x + _.x,
				y: l.y + _.y
			},
			n
		],
		m,
		h,
		b,
		x
	];
}
function Sl(e, t, n, r) {
	let i = Math.min(bl(e, t) / 2, bl(t, n) / 2, r), { x: a, y: o } = t;
	if (e.x === a && a === n.x || e.y === o && o === n.y) return `L${a} ${o}`;
	if (e.y === o) {
		let t = e.x < n.x ? -1 : 1, r = e.y < n.y ? 1 : -1;
		return `L ${a + i * t},${o}Q ${a},${o} ${a},${o + i * r}`;
	}
	let s = e.x < n.x ? 1 : -1;
	return `L ${a},${o + i * (e.y < n.y ? -1 : 1)}Q ${a},${o} ${a + i * s},${o}`;
}
function Cl(e) {
	let { sourceX: t, sourceY: n, sourcePosition: r = J.Bottom, targetX: i, targetY: a, targetPosition: o = J.Top, borderRadius: s = 5, centerX: c, centerY: l, offset: u = 20 } = e, [d, f, p, m, h] = xl({
		source: {
			x: t,
			y: n
		},
		sourcePosition: r,
		target: {
			x: i,
			y: a
		},
		targetPosition: o,
		center: {
			x: c,
			y: l
		},
		offset: u
	});
	return [
		d.reduce((e, t, n) => {
			let r;
			return r = n > 0 && n < d.length - 1 ? Sl(d[n - 1], t, d[n + 1], s) : `${n === 0 ? "M" : "L"}${t.x} ${t.y}`, e += r, e;
		}, ""),
		f,
		p,
		m,
		h
	];
}
function wl(e) {
	let { sourceX: t, sourceY: n, targetX: r, targetY: i } = e, [a, o, s, c] = dl({
		sourceX: t,
		sourceY: n,
		targetX: r,
		targetY: i
	});
	return [
		`M ${t},${n}L ${r},${i}`,
		a,
		o,
		s,
		c
	];
}
var Tl = u({
	name: "StraightEdge",
	props: [
		"label",
		"labelStyle",
		"labelShowBg",
		"labelBgStyle",
		"labelBgPadding",
		"labelBgBorderRadius",
		"sourceY",
		"sourceX",
		"targetX",
		"targetY",
		"markerEnd",
		"markerStart",
		"interactionWidth"
	],
	compatConfig: { MODE: 3 },
	setup(e, { attrs: t }) {
		return () => {
			let [n, r, i] = wl(e);
			return m(ul, {
				path: n,
				labelX: r,
				labelY: i,
				...t,
				...e
			});
		};
	}
}), El = u({
	name: "SmoothStepEdge",
	props: [
		"sourcePosition",
		"targetPosition",
		"label",
		"labelStyle",
		"labelShowBg",
		"labelBgStyle",
		"labelBgPadding",
		"labelBgBorderRadius",
		"sourceY",
		"sourceX",
		"targetX",
		"targetY",
		"borderRadius",
		"markerEnd",
		"markerStart",
		"interactionWidth",
		"offset"
	],
	compatConfig: { MODE: 3 },
	setup(e, { attrs: t }) {
		return () => {
			let [n, r, i] = Cl({
				...e,
				sourcePosition: e.sourcePosition ?? J.Bottom,
				targetPosition: e.targetPosition ?? J.Top
			});
			return m(ul, {
				path: n,
				labelX: r,
				labelY: i,
				...t,
				...e
			});
		};
	}
}), Dl = u({
	name: "StepEdge",
	props: [
		"sourcePosition",
		"targetPosition",
		"label",
		"labelStyle",
		"labelShowBg",
		"labelBgStyle",
		"labelBgPadding",
		"labelBgBorderRadius",
		"sourceY",
		"sourceX",
		"targetX",
		"targetY",
		"markerEnd",
		"markerStart",
		"interactionWidth"
	],
	setup(e, { attrs: t }) {
		return () => m(El, {
			...e,
			...t,
			borderRadius: 0
		});
	}
}), Ol = u({
	name: "BezierEdge",
	props: [
		"sourcePosition",
		"targetPosition",
		"label",
		"labelStyle",
		"labelShowBg",
		"labelBgStyle",
		"labelBgPadding",
		"labelBgBorderRadius",
		"sourceY",
		"sourceX",
		"targetX",
		"targetY",
		"curvature",
		"markerEnd",
		"markerStart",
		"interactionWidth"
	],
	compatConfig: { MODE: 3 },
	setup(e, { attrs: t }) {
		return () => {
			let [n, r, i] = hl({
				...e,
				sourcePosition: e.sourcePosition ?? J.Bottom,
				targetPosition: e.targetPosition ?? J.Top
			});
			return m(ul, {
				path: n,
				labelX: r,
				labelY: i,
				...t,
				...e
			});
		};
	}
}), kl = u({
	name: "SimpleBezierEdge",
	props: [
		"sourcePosition",
		"targetPosition",
		"label",
		"labelStyle",
		"labelShowBg",
		"labelBgStyle",
		"labelBgPadding",
		"labelBgBorderRadius",
		"sourceY",
		"sourceX",
		"targetX",
		"targetY",
		"markerEnd",
		"markerStart",
		"interactionWidth"
	],
	compatConfig: { MODE: 3 },
	setup(e, { attrs: t }) {
		return () => {
			let [n, r, i] = _l({
				...e,
				sourcePosition: e.sourcePosition ?? J.Bottom,
				targetPosition: e.targetPosition ?? J.Top
			});
			return m(ul, {
				path: n,
				labelX: r,
				labelY: i,
				...t,
				...e
			});
		};
	}
}), Al = {
	input: rl,
	default: $c,
	output: tl
}, jl = {
	default: Ol,
	straight: Tl,
	step: Dl,
	smoothstep: El,
	simplebezier: kl
};
function Ml(e, n, r) {
	let i = t(() => (e) => n.value.get(e)), a = t(() => (e) => r.value.get(e)), o = t(() => {
		let t = {
			...jl,
			...e.edgeTypes
		}, n = Object.keys(t);
		for (let r of e.edges) r.type && !n.includes(r.type) && (t[r.type] = r.type);
		return t;
	}), s = t(() => {
		let t = {
			...Al,
			...e.nodeTypes
		}, n = Object.keys(t);
		for (let r of e.nodes) r.type && !n.includes(r.type) && (t[r.type] = r.type);
		return t;
	}), c = t(() => e.onlyRenderVisibleElements ? fs(e.nodes, {
		x: 0,
		y: 0,
		width: e.dimensions.width,
		height: e.dimensions.height
	}, e.viewport, !0) : e.nodes), l = t(() => {
		if (e.onlyRenderVisibleElements) {
			let t = [];
			for (let r of e.edges) {
				let i = n.value.get(r.source), a = n.value.get(r.target);
				Hs({
					sourcePos: i.computedPosition || {
						x: 0,
						y: 0
					},
					targetPos: a.computedPosition || {
						x: 0,
						y: 0
					},
					sourceWidth: i.dimensions.width,
					sourceHeight: i.dimensions.height,
					targetWidth: a.dimensions.width,
					targetHeight: a.dimensions.height,
					width: e.dimensions.width,
					height: e.dimensions.height,
					viewport: e.viewport
				}) && t.push(r);
			}
			return t;
		}
		return e.edges;
	}), u = t(() => [...c.value, ...l.value]), d = t(() => {
		let t = [];
		for (let n of e.nodes) n.selected && t.push(n);
		return t;
	}), f = t(() => {
		let t = [];
		for (let n of e.edges) n.selected && t.push(n);
		return t;
	}), p = t(() => [...d.value, ...f.value]), m = t(() => {
		let t = [];
		for (let n of e.nodes) n.dimensions.width && n.dimensions.height && n.handleBounds !== void 0 && t.push(n);
		return t;
	});
	return {
		getNode: i,
		getEdge: a,
		getElements: u,
		getEdgeTypes: o,
		getNodeTypes: s,
		getEdges: l,
		getNodes: c,
		getSelectedElements: p,
		getSelectedNodes: d,
		getSelectedEdges: f,
		getNodesInitialized: m,
		areNodesInitialized: t(() => c.value.length > 0 && m.value.length === c.value.length)
	};
}
var Nl = class e {
	constructor() {
		this.currentId = 0, this.flows = /* @__PURE__ */ new Map();
	}
	static getInstance() {
		let t = f()?.appContext.app, n = t?.config.globalProperties.$vueFlowStorage ?? e.instance;
		return e.instance = n ?? new e(), t && (t.config.globalProperties.$vueFlowStorage = e.instance), e.instance;
	}
	set(e, t) {
		return this.flows.set(e, t);
	}
	get(e) {
		return this.flows.get(e);
	}
	remove(e) {
		return this.flows.delete(e);
	}
	create(e, n) {
		let r = qc(), i = A(r), a = {};
		for (let [e, t] of Object.entries(i.hooks)) {
			let n = `on${e.charAt(0).toUpperCase() + e.slice(1)}`;
			a[n] = t.on;
		}
		let o = {};
		for (let [e, t] of Object.entries(i.hooks)) o[e] = t.trigger;
		let s = t(() => {
			let e = /* @__PURE__ */ new Map();
			for (let t of i.nodes) e.set(t.id, t);
			return e;
		}), c = t(() => {
			let e = /* @__PURE__ */ new Map();
			for (let t of i.edges) e.set(t.id, t);
			return e;
		}), l = Ml(i, s, c), u = Yc(i, s, c);
		u.setState({
			...i,
			...n
		});
		let d = {
			...a,
			...l,
			...u,
			...Ce(i),
			nodeLookup: s,
			edgeLookup: c,
			emits: o,
			id: e,
			vueFlowVersion: "1.48.2",
			$destroy: () => {
				this.remove(e);
			}
		};
		return this.set(e, d), d;
	}
	getId() {
		return `vue-flow-${this.currentId++}`;
	}
};
function $(e) {
	let t = Nl.getInstance(), n = p(), r = typeof e == "object", i = r ? e : { id: e }, a = i.id, o = a ?? n?.vueFlowId, s;
	if (n) {
		let e = h(bc, null);
		e == null || o && e.id !== o || (s = e);
	}
	if (s || o && (s = t.get(o)), !s || o && s.id !== o) {
		let e = a ?? t.getId(), r = t.create(e, i);
		s = r, (n ?? d(!0)).run(() => {
			G(r.applyDefault, (e, t, n) => {
				let i = (e) => {
					r.applyNodeChanges(e);
				}, a = (e) => {
					r.applyEdgeChanges(e);
				};
				e ? (r.onNodesChange(i), r.onEdgesChange(a)) : (r.hooks.value.nodesChange.off(i), r.hooks.value.edgesChange.off(a)), n(() => {
					r.hooks.value.nodesChange.off(i), r.hooks.value.edgesChange.off(a);
				});
			}, { immediate: !0 }), ue(() => {
				if (s) {
					let e = t.get(s.id);
					e ? e.$destroy() : lc(`No store instance found for id ${s.id} in storage.`);
				}
			});
		});
	} else r && s.setState(i);
	return n && (k(bc, s), n.vueFlowId = s.id), r && f()?.type.name !== "VueFlow" && s.emits.error(new Z(X.USEVUEFLOW_OPTIONS)), s;
}
function Pl(e) {
	let { emits: t, dimensions: n } = $(), r;
	T(() => {
		let i = () => {
			var r;
			if (!e.value || !((r = e.value).checkVisibility?.call(r) ?? !0)) return;
			let i = Wo(e.value);
			(i.width === 0 || i.height === 0) && t.error(new Z(X.MISSING_VIEWPORT_DIMENSIONS)), n.value = {
				width: i.width || 500,
				height: i.height || 500
			};
		};
		i(), window.addEventListener("resize", i), e.value && (r = new ResizeObserver(() => i()), r.observe(e.value)), w(() => {
			window.removeEventListener("resize", i), r && e.value && r.unobserve(e.value);
		});
	});
}
var Fl = /* @__PURE__ */ u({
	name: "UserSelection",
	compatConfig: { MODE: 3 },
	props: { userSelectionRect: {} },
	setup(e) {
		return (e, t) => (O(), i("div", {
			class: "vue-flow__selection vue-flow__container",
			style: S({
				width: `${e.userSelectionRect.width}px`,
				height: `${e.userSelectionRect.height}px`,
				transform: `translate(${e.userSelectionRect.x}px, ${e.userSelectionRect.y}px)`
			})
		}, null, 4));
	}
}), Il = ["tabIndex"], Ll = /* @__PURE__ */ u({
	name: "NodesSelection",
	compatConfig: { MODE: 3 },
	setup(e) {
		let { emits: n, viewport: o, getSelectedNodes: s, noPanClassName: c, disableKeyboardA11y: l, userSelectionActive: u } = $(), d = Ic(), f = M(null), p = Ec({
			el: f,
			onStart(e) {
				n.selectionDragStart(e), n.nodeDragStart(e);
			},
			onDrag(e) {
				n.selectionDrag(e), n.nodeDrag(e);
			},
			onStop(e) {
				n.selectionDragStop(e), n.nodeDragStop(e);
			}
		});
		T(() => {
			var e;
			l.value || (e = f.value) == null || e.focus({ preventScroll: !0 });
		});
		let m = t(() => ds(s.value)), h = t(() => ({
			width: `${m.value.width}px`,
			height: `${m.value.height}px`,
			top: `${m.value.y}px`,
			left: `${m.value.x}px`
		}));
		function g(e) {
			n.selectionContextMenu({
				event: e,
				nodes: s.value
			});
		}
		function _(e) {
			l.value || Vo[e.key] && (e.preventDefault(), d({
				x: Vo[e.key].x,
				y: Vo[e.key].y
			}, e.shiftKey));
		}
		return (e, t) => !H(u) && m.value.width && m.value.height ? (O(), i("div", {
			key: 0,
			class: x(["vue-flow__nodesselection vue-flow__container", H(c)]),
			style: S({ transform: `translate(${H(o).x}px,${H(o).y}px) scale(${H(o).zoom})` })
		}, [a("div", {
			ref_key: "el",
			ref: f,
			class: x([{ dragging: H(p) }, "vue-flow__nodesselection-rect"]),
			style: S(h.value),
			tabIndex: H(l) ? void 0 : -1,
			onContextmenu: g,
			onKeydown: _
		}, null, 46, Il)], 6)) : r("", !0);
	}
});
function Rl(e, t) {
	return {
		x: e.clientX - t.left,
		y: e.clientY - t.top
	};
}
var zl = /* @__PURE__ */ u({
	name: "Pane",
	compatConfig: { MODE: 3 },
	props: {
		isSelecting: { type: Boolean },
		selectionKeyPressed: { type: Boolean }
	},
	setup(e) {
		let { vueFlowRef: t, nodes: a, viewport: o, emits: s, userSelectionActive: c, removeSelectedElements: l, userSelectionRect: u, elementsSelectable: d, nodesSelectionActive: f, getSelectedEdges: p, getSelectedNodes: m, removeNodes: h, removeEdges: g, selectionMode: _, deleteKeyCode: v, multiSelectionKeyCode: y, multiSelectionActive: b, edgeLookup: S, nodeLookup: C, connectionLookup: w, defaultEdgeOptions: T, connectionStartHandle: E, panOnDrag: D } = $(), k = L(null), A = L(/* @__PURE__ */ new Set()), j = L(/* @__PURE__ */ new Set()), M = L(null), N = z(() => d.value && (e.isSelecting || c.value)), F = z(() => E.value !== null), I = !1, R = !1, B = Io(v, { actInsideInputWithModifier: !1 }), V = Io(y);
		G(B, (e) => {
			e && (h(m.value), g(p.value), f.value = !1);
		}), G(V, (e) => {
			b.value = e;
		});
		function U(e, t) {
			return (n) => {
				n.target === t && e?.(n);
			};
		}
		function ee(e) {
			I || F.value ? I = !1 : (s.paneClick(e), l(), f.value = !1);
		}
		function te(e) {
			Array.isArray(D.value) && D.value?.includes(2) ? e.preventDefault() : s.paneContextMenu(e);
		}
		function W(e) {
			s.paneScroll(e);
		}
		function ne(n) {
			var r, i;
			if (M.value = t.value?.getBoundingClientRect() ?? null, !d.value || !e.isSelecting || n.button !== 0 || n.target !== k.value || !M.value) return;
			(i = (r = n.target)?.setPointerCapture) == null || i.call(r, n.pointerId);
			let { x: a, y: o } = Rl(n, M.value);
			R = !0, I = !1, l(), u.value = {
				width: 0,
				height: 0,
				startX: a,
				startY: o,
				x: a,
				y: o
			}, s.selectionStart(n);
		}
		function K(e) {
			if (!M.value || !u.value) return;
			I = !0;
			let { x: t, y: n } = qs(e, M.value), { startX: r = 0, startY: i = 0 } = u.value, l = {
				startX: r,
				startY: i,
				x: t < r ? t : r,
				y: n < i ? n : i,
				width: Math.abs(t - r),
				height: Math.abs(n - i)
			}, d = A.value, p = j.value;
			A.value = new Set(fs(a.value, l, o.value, _.value === Co.Partial, !0).map((e) => e.id)), j.value = /* @__PURE__ */ new Set();
			let m = T.value?.selectable ?? !0;
			for (let e of A.value) {
				let t = w.value.get(e);
				if (t) for (let { edgeId: e } of t.values()) {
					let t = S.value.get(e);
					t && (t.selectable ?? m) && j.value.add(e);
				}
			}
			if (!vc(d, A.value)) {
				let e = As(C.value, A.value, !0);
				s.nodesChange(e);
			}
			if (!vc(p, j.value)) {
				let e = As(S.value, j.value);
				s.edgesChange(e);
			}
			u.value = l, c.value = !0, f.value = !1;
		}
		function re(t) {
			var n;
			t.button === 0 && R && ((n = t.target) == null || n.releasePointerCapture(t.pointerId), !c.value && u.value && t.target === k.value && ee(t), c.value = !1, u.value = null, f.value = A.value.size > 0, s.selectionEnd(t), e.selectionKeyPressed && (I = !1), R = !1);
		}
		return (e, t) => (O(), i("div", {
			ref_key: "container",
			ref: k,
			class: x(["vue-flow__pane vue-flow__container", { selection: e.isSelecting }]),
			onClick: t[0] ||= (e) => N.value ? void 0 : U(ee, k.value)(e),
			onContextmenu: t[1] ||= (e) => U(te, k.value)(e),
			onWheelPassive: t[2] ||= (e) => U(W, k.value)(e),
			onPointerenter: t[3] ||= (e) => N.value ? void 0 : H(s).paneMouseEnter(e),
			onPointerdown: t[4] ||= (e) => N.value ? ne(e) : H(s).paneMouseMove(e),
			onPointermove: t[5] ||= (e) => N.value ? K(e) : H(s).paneMouseMove(e),
			onPointerup: t[6] ||= (e) => N.value ? re(e) : void 0,
			onPointerleave: t[7] ||= (e) => H(s).paneMouseLeave(e)
		}, [
			P(e.$slots, "default"),
			H(c) && H(u) ? (O(), n(Fl, {
				key: 0,
				"user-selection-rect": H(u)
			}, null, 8, ["user-selection-rect"])) : r("", !0),
			H(f) && H(m).length ? (O(), n(Ll, { key: 1 })) : r("", !0)
		], 34));
	}
}), Bl = /* @__PURE__ */ u({
	name: "Transform",
	compatConfig: { MODE: 3 },
	setup(e) {
		let { viewport: n, fitViewOnInit: r, fitViewOnInitDone: a } = $(), o = t(() => r.value ? !a.value : !1), s = t(() => `translate(${n.value.x}px,${n.value.y}px) scale(${n.value.zoom})`);
		return (e, t) => (O(), i("div", {
			class: "vue-flow__transformationpane vue-flow__container",
			style: S({
				transform: s.value,
				opacity: o.value ? 0 : void 0
			})
		}, [P(e.$slots, "default")], 4));
	}
}), Vl = /* @__PURE__ */ u({
	name: "Viewport",
	compatConfig: { MODE: 3 },
	setup(e) {
		let { minZoom: t, maxZoom: n, defaultViewport: r, translateExtent: a, zoomActivationKeyCode: o, selectionKeyCode: s, panActivationKeyCode: l, panOnScroll: u, panOnScrollMode: d, panOnScrollSpeed: f, panOnDrag: p, zoomOnDoubleClick: m, zoomOnPinch: h, zoomOnScroll: g, preventScrolling: _, noWheelClassName: v, noPanClassName: y, emits: b, connectionStartHandle: S, userSelectionActive: C, paneDragging: w, d3Zoom: E, d3Selection: D, d3ZoomHandler: k, viewport: A, viewportRef: j, paneClickDistance: M } = $();
		Pl(j);
		let N = L(!1), F = L(!1), I = null, R = !1, B = 0, V = {
			x: 0,
			y: 0,
			zoom: 0
		}, U = Io(l), ee = Io(s), te = Io(o), W = z(() => (!ee.value || ee.value && s.value === !0) && (U.value || p.value)), ne = z(() => U.value || u.value), re = z(() => s.value === !0 && W.value !== !0), ie = z(() => ee.value && s.value !== !0 || C.value || re.value), ae = z(() => S.value !== null);
		T(() => {
			if (!j.value) {
				lc("Viewport element is missing");
				return;
			}
			let e = j.value, i = e.getBoundingClientRect(), o = So().clickDistance(M.value).scaleExtent([t.value, n.value]).translateExtent(a.value), c = Rn(e).call(o), l = c.on("wheel.zoom"), x = po.translate(r.value.x ?? 0, r.value.y ?? 0).scale(Go(r.value.zoom ?? 1, t.value, n.value)), S = [[0, 0], [i.width, i.height]], T = o.constrain()(x, S, a.value);
			o.transform(c, T), o.wheelDelta(xs), E.value = o, D.value = c, k.value = l, A.value = {
				x: T.x,
				y: T.y,
				zoom: T.k
			}, o.on("start", (e) => {
				if (!e.sourceEvent) return null;
				B = e.sourceEvent.button, N.value = !0;
				let t = ce(e.transform);
				e.sourceEvent?.type === "mousedown" && (w.value = !0), V = t, b.viewportChangeStart(t), b.moveStart({
					event: e,
					flowTransform: t
				});
			}), o.on("end", (e) => {
				if (!e.sourceEvent) return null;
				if (N.value = !1, w.value = !1, oe(W.value, B ?? 0) && !R && b.paneContextMenu(e.sourceEvent), R = !1, se(V, e.transform)) {
					let t = ce(e.transform);
					V = t, b.viewportChangeEnd(t), b.moveEnd({
						event: e,
						flowTransform: t
					});
				}
			}), o.filter((e) => {
				let t = te.value || g.value, n = h.value && e.ctrlKey, r = e.button, i = e.type === "wheel";
				if (r === 1 && e.type === "mousedown" && (le(e, "vue-flow__node") || le(e, "vue-flow__edge"))) return !0;
				if (!W.value && !t && !ne.value && !m.value && !h.value || C.value || ae.value && !i || !m.value && e.type === "dblclick" || le(e, v.value) && i || le(e, y.value) && (!i || ne.value && i && !te.value) || !h.value && e.ctrlKey && i || !t && !ne.value && !n && i) return !1;
				if (!h && e.type === "touchstart" && e.touches?.length > 1) return e.preventDefault(), !1;
				if (!W.value && (e.type === "mousedown" || e.type === "touchstart") || re.value && Array.isArray(p.value) && p.value.includes(0) && r === 0 || Array.isArray(p.value) && !p.value.includes(r) && (e.type === "mousedown" || e.type === "touchstart")) return !1;
				let a = Array.isArray(p.value) && p.value.includes(r) || s.value === !0 && Array.isArray(p.value) && !p.value.includes(0) || !r || r <= 1;
				return (!e.ctrlKey || U.value || i) && a;
			}), G([C, W], () => {
				C.value && !N.value ? o.on("zoom", null) : C.value || o.on("zoom", (e) => {
					A.value = {
						x: e.transform.x,
						y: e.transform.y,
						zoom: e.transform.k
					};
					let t = ce(e.transform);
					R = oe(W.value, B ?? 0), b.viewportChange(t), b.move({
						event: e,
						flowTransform: t
					});
				});
			}, { immediate: !0 }), G([
				C,
				ne,
				d,
				te,
				h,
				_,
				v
			], () => {
				ne.value && !te.value && !C.value ? c.on("wheel.zoom", (e) => {
					if (le(e, v.value)) return !1;
					let t = te.value || g.value, n = h.value && e.ctrlKey;
					if (!(!_.value || ne.value || t || n)) return !1;
					e.preventDefault(), e.stopImmediatePropagation();
					let r = c.property("__zoom").k || 1, i = Js();
					if (!U.value && e.ctrlKey && h.value && i) {
						let t = Bn(e), n = r * 2 ** xs(e);
						o.scaleTo(c, n, t, e);
						return;
					}
					let a = e.deltaMode === 1 ? 20 : 1, s = d.value === Do.Vertical ? 0 : e.deltaX * a, l = d.value === Do.Horizontal ? 0 : e.deltaY * a;
					!i && e.shiftKey && d.value !== Do.Vertical && !s && l && (s = l, l = 0), o.translateBy(c, -(s / r) * f.value, -(l / r) * f.value);
					let u = ce(c.property("__zoom"));
					I && clearTimeout(I), F.value ? (b.move({
						event: e,
						flowTransform: u
					}), b.viewportChange(u), I = setTimeout(() => {
						b.moveEnd({
							event: e,
							flowTransform: u
						}), b.viewportChangeEnd(u), F.value = !1;
					}, 150)) : (F.value = !0, b.moveStart({
						event: e,
						flowTransform: u
					}), b.viewportChangeStart(u));
				}, { passive: !1 }) : l !== void 0 && c.on("wheel.zoom", function(e, t) {
					let n = !_.value && e.type === "wheel" && !e.ctrlKey, r = te.value || g.value, i = h.value && e.ctrlKey;
					if (!r && !u.value && !i && e.type === "wheel" || n || le(e, v.value)) return null;
					e.preventDefault(), l.call(this, e, t);
				}, { passive: !1 });
			}, { immediate: !0 });
		});
		function oe(e, t) {
			return t === 2 && Array.isArray(e) && e.includes(2);
		}
		function se(e, t) {
			return e.x !== t.x && !Number.isNaN(t.x) || e.y !== t.y && !Number.isNaN(t.y) || e.zoom !== t.k && !Number.isNaN(t.k);
		}
		function ce(e) {
			return {
				x: e.x,
				y: e.y,
				zoom: e.k
			};
		}
		function le(e, t) {
			return e.target.closest(`.${t}`);
		}
		return (e, t) => (O(), i("div", {
			ref_key: "viewportRef",
			ref: j,
			class: "vue-flow__viewport vue-flow__container"
		}, [c(zl, {
			"is-selecting": ie.value,
			"selection-key-pressed": H(ee),
			class: x({
				connecting: ae.value,
				dragging: H(w),
				draggable: H(p) === !0 || Array.isArray(H(p)) && H(p).includes(0)
			})
		}, {
			default: K(() => [c(Bl, null, {
				default: K(() => [P(e.$slots, "default")]),
				_: 3
			})]),
			_: 3
		}, 8, [
			"is-selecting",
			"selection-key-pressed",
			"class"
		])], 512));
	}
}), Hl = ["id"], Ul = ["id"], Wl = ["id"], Gl = /* @__PURE__ */ u({
	name: "A11yDescriptions",
	compatConfig: { MODE: 3 },
	setup(t) {
		let { id: n, disableKeyboardA11y: o, ariaLiveMessage: s } = $();
		return (t, c) => (O(), i(e, null, [
			a("div", {
				id: `${H(Lo)}-${H(n)}`,
				style: { display: "none" }
			}, " Press enter or space to select a node. " + R(H(o) ? "" : "You can then use the arrow keys to move the node around.") + " You can then use the arrow keys to move the node around, press delete to remove it and press escape to cancel. ", 9, Hl),
			a("div", {
				id: `${H(Ro)}-${H(n)}`,
				style: { display: "none" }
			}, " Press enter or space to select an edge. You can then press delete to remove it or press escape to cancel. ", 8, Ul),
			H(o) ? r("", !0) : (O(), i("div", {
				key: 0,
				id: `${H(zo)}-${H(n)}`,
				"aria-live": "assertive",
				"aria-atomic": "true",
				style: {
					position: "absolute",
					width: "1px",
					height: "1px",
					margin: "-1px",
					border: "0",
					padding: "0",
					overflow: "hidden",
					clip: "rect(0px, 0px, 0px, 0px)",
					"clip-path": "inset(100%)"
				}
			}, R(H(s)), 9, Wl))
		], 64));
	}
});
function Kl() {
	let e = $();
	G(() => e.viewportHelper.value.viewportInitialized, (t) => {
		t && setTimeout(() => {
			e.emits.init(e), e.emits.paneReady(e);
		}, 1);
	});
}
function ql(e, t, n) {
	return n === J.Left ? e - t : n === J.Right ? e + t : e;
}
function Jl(e, t, n) {
	return n === J.Top ? e - t : n === J.Bottom ? e + t : e;
}
var Yl = function({ radius: e = 10, centerX: t = 0, centerY: n = 0, position: r = J.Top, type: i }) {
	return m("circle", {
		class: `vue-flow__edgeupdater vue-flow__edgeupdater-${i}`,
		cx: ql(t, e, r),
		cy: Jl(n, e, r),
		r: e,
		stroke: "transparent",
		fill: "transparent"
	});
};
Yl.props = [
	"radius",
	"centerX",
	"centerY",
	"position",
	"type"
], Yl.compatConfig = { MODE: 3 };
var Xl = Yl, Zl = u({
	name: "Edge",
	compatConfig: { MODE: 3 },
	props: ["id"],
	setup(e) {
		let { id: n, addSelectedEdges: r, connectionMode: i, edgeUpdaterRadius: a, emits: o, nodesSelectionActive: s, noPanClassName: c, getEdgeTypes: l, removeSelectedEdges: u, findEdge: d, findNode: p, isValidConnection: g, multiSelectionActive: _, disableKeyboardA11y: v, elementsSelectable: y, edgesUpdatable: b, edgesFocusable: x, hooks: S } = $(), C = t(() => d(e.id)), { emit: w, on: T } = Oc(C.value, o), E = h(Tc), D = f(), O = M(!1), A = M(!1), j = M(""), N = M(null), P = M("source"), I = M(null), L = z(() => C.value.selectable === void 0 ? y.value : C.value.selectable), R = z(() => C.value.updatable === void 0 ? b.value : C.value.updatable), B = z(() => C.value.focusable === void 0 ? x.value : C.value.focusable);
		k(Cc, e.id), k(wc, I);
		let V = t(() => C.value.class instanceof Function ? C.value.class(C.value) : C.value.class), H = t(() => C.value.style instanceof Function ? C.value.style(C.value) : C.value.style), U = t(() => {
			let e = C.value.type || "default", t = E?.[`edge-${e}`];
			if (t) return t;
			let n = C.value.template ?? l.value[e];
			if (typeof n == "string" && D) {
				let t = Object.keys(D.appContext.components);
				t && t.includes(e) && (n = F(e, !1));
			}
			return n && typeof n != "string" ? n : (o.error(new Z(X.EDGE_TYPE_MISSING, n)), !1);
		}), { handlePointerDown: ee } = jc({
			nodeId: j,
			handleId: N,
			type: P,
			isValidConnection: g,
			edgeUpdaterType: P,
			onEdgeUpdate: G,
			onEdgeUpdateEnd: ne
		});
		return () => {
			let t = p(C.value.source), r = p(C.value.target), s = "pathOptions" in C.value ? C.value.pathOptions : {};
			if (!t && !r) return o.error(new Z(X.EDGE_SOURCE_TARGET_MISSING, C.value.id, C.value.source, C.value.target)), null;
			if (!t) return o.error(new Z(X.EDGE_SOURCE_MISSING, C.value.id, C.value.source)), null;
			if (!r) return o.error(new Z(X.EDGE_TARGET_MISSING, C.value.id, C.value.target)), null;
			if (!C.value || C.value.hidden || t.hidden || r.hidden) return null;
			let u;
			u = i.value === To.Strict ? t.handleBounds.source : [...t.handleBounds.source || [], ...t.handleBounds.target || []];
			let d = Vs(u, C.value.sourceHandle), f;
			f = i.value === To.Strict ? r.handleBounds.target : [...r.handleBounds.target || [], ...r.handleBounds.source || []];
			let h = Vs(f, C.value.targetHandle), g = d?.position || J.Bottom, _ = h?.position || J.Top, { x: v, y } = Bs(t, d, g), { x: b, y: x } = Bs(r, h, _);
			return C.value.sourceX = v, C.value.sourceY = y, C.value.targetX = b, C.value.targetY = x, m("g", {
				ref: I,
				key: e.id,
				"data-id": e.id,
				class: [
					"vue-flow__edge",
					`vue-flow__edge-${U.value === !1 ? "default" : C.value.type || "default"}`,
					c.value,
					V.value,
					{
						updating: O.value,
						selected: C.value.selected,
						animated: C.value.animated,
						inactive: !L.value && !S.value.edgeClick.hasListeners()
					}
				],
				tabIndex: B.value ? 0 : void 0,
				"aria-label": C.value.ariaLabel === null ? void 0 : C.value.ariaLabel ?? `Edge from ${C.value.source} to ${C.value.target}`,
				"aria-describedby": B.value ? `${Ro}-${n}` : void 0,
				"aria-roledescription": "edge",
				role: B.value ? "group" : "img",
				...C.value.domAttributes,
				onClick: re,
				onContextmenu: ie,
				onDblclick: ae,
				onMouseenter: oe,
				onMousemove: se,
				onMouseleave: ce,
				onKeyDown: B.value ? de : void 0
			}, [A.value ? null : m(U.value === !1 ? l.value.default : U.value, {
				id: e.id,
				sourceNode: t,
				targetNode: r,
				source: C.value.source,
				target: C.value.target,
				type: C.value.type,
				updatable: R.value,
				selected: C.value.selected,
				animated: C.value.animated,
				label: C.value.label,
				labelStyle: C.value.labelStyle,
				labelShowBg: C.value.labelShowBg,
				labelBgStyle: C.value.labelBgStyle,
				labelBgPadding: C.value.labelBgPadding,
				labelBgBorderRadius: C.value.labelBgBorderRadius,
				data: C.value.data,
				events: {
					...C.value.events,
					...T
				},
				style: H.value,
				markerStart: `url('#${bs(C.value.markerStart, n)}')`,
				markerEnd: `url('#${bs(C.value.markerEnd, n)}')`,
				sourcePosition: g,
				targetPosition: _,
				sourceX: v,
				sourceY: y,
				targetX: b,
				targetY: x,
				sourceHandleId: C.value.sourceHandle,
				targetHandleId: C.value.targetHandle,
				interactionWidth: C.value.interactionWidth,
				...s
			}), [R.value === "source" || R.value === !0 ? [m("g", {
				onMousedown: le,
				onMouseenter: te,
				onMouseout: W
			}, m(Xl, {
				position: g,
				centerX: v,
				centerY: y,
				radius: a.value,
				type: "source",
				"data-type": "source"
			}))] : null, R.value === "target" || R.value === !0 ? [m("g", {
				onMousedown: ue,
				onMouseenter: te,
				onMouseout: W
			}, m(Xl, {
				position: _,
				centerX: b,
				centerY: x,
				radius: a.value,
				type: "target",
				"data-type": "target"
			}))] : null]]);
		};
		function te() {
			O.value = !0;
		}
		function W() {
			O.value = !1;
		}
		function G(e, t) {
			w.update({
				event: e,
				edge: C.value,
				connection: t
			});
		}
		function ne(e) {
			w.updateEnd({
				event: e,
				edge: C.value
			}), A.value = !1;
		}
		function K(e, t) {
			e.button === 0 && (A.value = !0, j.value = t ? C.value.target : C.value.source, N.value = (t ? C.value.targetHandle : C.value.sourceHandle) ?? null, P.value = t ? "target" : "source", w.updateStart({
				event: e,
				edge: C.value
			}), ee(e));
		}
		function re(e) {
			var t;
			let n = {
				event: e,
				edge: C.value
			};
			L.value && (s.value = !1, C.value.selected && _.value ? (u([C.value]), (t = I.value) == null || t.blur()) : r([C.value])), w.click(n);
		}
		function ie(e) {
			w.contextMenu({
				event: e,
				edge: C.value
			});
		}
		function ae(e) {
			w.doubleClick({
				event: e,
				edge: C.value
			});
		}
		function oe(e) {
			w.mouseEnter({
				event: e,
				edge: C.value
			});
		}
		function se(e) {
			w.mouseMove({
				event: e,
				edge: C.value
			});
		}
		function ce(e) {
			w.mouseLeave({
				event: e,
				edge: C.value
			});
		}
		function le(e) {
			K(e, !0);
		}
		function ue(e) {
			K(e, !1);
		}
		function de(t) {
			var n;
			!v.value && Bo.includes(t.key) && L.value && (t.key === "Escape" ? ((n = I.value) == null || n.blur(), u([d(e.id)])) : r([d(e.id)]));
		}
	}
}), Ql = u({
	name: "ConnectionLine",
	compatConfig: { MODE: 3 },
	setup() {
		let { id: e, connectionMode: n, connectionStartHandle: r, connectionEndHandle: i, connectionPosition: a, connectionLineType: o, connectionLineStyle: s, connectionLineOptions: c, connectionStatus: l, viewport: u, findNode: d } = $(), f = h(Tc)?.["connection-line"], p = t(() => d(r.value?.nodeId)), g = t(() => d(i.value?.nodeId) ?? null), _ = t(() => ({
			x: (a.value.x - u.value.x) / u.value.zoom,
			y: (a.value.y - u.value.y) / u.value.zoom
		})), v = t(() => c.value.markerStart ? `url(#${bs(c.value.markerStart, e)})` : ""), y = t(() => c.value.markerEnd ? `url(#${bs(c.value.markerEnd, e)})` : "");
		return () => {
			if (!p.value || !r.value) return null;
			let e = r.value.id, t = r.value.type, a = p.value.handleBounds, u = a?.[t] ?? [];
			if (n.value === To.Loose) {
				let e = a?.[t === "source" ? "target" : "source"] ?? [];
				u = [...u, ...e];
			}
			if (!u) return null;
			let d = (e ? u.find((t) => t.id === e) : u[0]) ?? null, h = d?.position ?? J.Top, { x: b, y: x } = Bs(p.value, d, h), S = null;
			g.value && (S = n.value === To.Strict ? g.value.handleBounds[t === "source" ? "target" : "source"]?.find((e) => e.id === i.value?.id) || null : [...g.value.handleBounds.source ?? [], ...g.value.handleBounds.target ?? []].find((e) => e.id === i.value?.id) || null);
			let C = i.value?.position ?? (h ? sc[h] : null);
			if (!h || !C) return null;
			let w = o.value ?? c.value.type ?? wo.Bezier, T = "", E = {
				sourceX: b,
				sourceY: x,
				sourcePosition: h,
				targetX: _.value.x,
				targetY: _.value.y,
				targetPosition: C
			};
			return w === wo.Bezier ? [T] = hl(E) : w === wo.Step ? [T] = Cl({
				...E,
				borderRadius: 0
			}) : w === wo.SmoothStep ? [T] = Cl(E) : w === wo.SimpleBezier ? [T] = _l(E) : T = `M${b},${x} ${_.value.x},${_.value.y}`, m("svg", { class: "vue-flow__edges vue-flow__connectionline vue-flow__container" }, m("g", { class: "vue-flow__connection" }, f ? m(f, {
				sourceX: b,
				sourceY: x,
				sourcePosition: h,
				targetX: _.value.x,
				targetY: _.value.y,
				targetPosition: C,
				sourceNode: p.value,
				sourceHandle: d,
				targetNode: g.value,
				targetHandle: S,
				markerEnd: y.value,
				markerStart: v.value,
				connectionStatus: l.value
			}) : m("path", {
				d: T,
				class: [
					c.value.class,
					l.value,
					"vue-flow__connection-path"
				],
				style: {
					...s.value,
					...c.value.style
				},
				"marker-end": y.value,
				"marker-start": v.value
			})));
		};
	}
}), $l = [
	"id",
	"markerWidth",
	"markerHeight",
	"markerUnits",
	"orient"
], eu = /* @__PURE__ */ u({
	name: "MarkerType",
	compatConfig: { MODE: 3 },
	props: {
		id: {},
		type: {},
		color: { default: "none" },
		width: { default: 12.5 },
		height: { default: 12.5 },
		markerUnits: { default: "strokeWidth" },
		orient: { default: "auto-start-reverse" },
		strokeWidth: { default: 1 }
	},
	setup(e) {
		return (e, t) => (O(), i("marker", {
			id: e.id,
			class: "vue-flow__arrowhead",
			viewBox: "-10 -10 20 20",
			refX: "0",
			refY: "0",
			markerWidth: `${e.width}`,
			markerHeight: `${e.height}`,
			markerUnits: e.markerUnits,
			orient: e.orient
		}, [e.type === H(Eo).ArrowClosed ? (O(), i("polyline", {
			key: 0,
			style: S({
				stroke: e.color,
				fill: e.color,
				strokeWidth: e.strokeWidth
			}),
			"stroke-linecap": "round",
			"stroke-linejoin": "round",
			points: "-5,-4 0,0 -5,4 -5,-4"
		}, null, 4)) : r("", !0), e.type === H(Eo).Arrow ? (O(), i("polyline", {
			key: 1,
			style: S({
				stroke: e.color,
				strokeWidth: e.strokeWidth
			}),
			"stroke-linecap": "round",
			"stroke-linejoin": "round",
			fill: "none",
			points: "-5,-4 0,0 -5,4"
		}, null, 4)) : r("", !0)], 8, $l));
	}
}), tu = {
	class: "vue-flow__marker vue-flow__container",
	"aria-hidden": "true"
}, nu = /* @__PURE__ */ u({
	name: "MarkerDefinitions",
	compatConfig: { MODE: 3 },
	setup(r) {
		let { id: o, edges: s, connectionLineOptions: c, defaultMarkerColor: l } = $(), u = t(() => {
			let e = /* @__PURE__ */ new Set(), t = [], n = (n) => {
				if (n) {
					let r = bs(n, o);
					e.has(r) || (typeof n == "object" ? t.push({
						...n,
						id: r,
						color: n.color || l.value
					}) : t.push({
						id: r,
						color: l.value,
						type: n
					}), e.add(r));
				}
			};
			for (let e of [c.value.markerEnd, c.value.markerStart]) n(e);
			for (let e of s.value) for (let t of [e.markerStart, e.markerEnd]) n(t);
			return t.sort((e, t) => e.id.localeCompare(t.id));
		});
		return (t, r) => (O(), i("svg", tu, [a("defs", null, [(O(!0), i(e, null, N(u.value, (e) => (O(), n(eu, {
			id: e.id,
			key: e.id,
			type: e.type,
			color: e.color,
			width: e.width,
			height: e.height,
			markerUnits: e.markerUnits,
			"stroke-width": e.strokeWidth,
			orient: e.orient
		}, null, 8, [
			"id",
			"type",
			"color",
			"width",
			"height",
			"markerUnits",
			"stroke-width",
			"orient"
		]))), 128))])]));
	}
}), ru = /* @__PURE__ */ u({
	name: "Edges",
	compatConfig: { MODE: 3 },
	setup(t) {
		let { findNode: n, getEdges: r, elevateEdgesOnSelect: a } = $();
		return (t, o) => (O(), i(e, null, [
			c(nu),
			(O(!0), i(e, null, N(H(r), (e) => (O(), i("svg", {
				key: e.id,
				class: "vue-flow__edges vue-flow__container",
				style: S({ zIndex: H(Us)(e, H(n), H(a)) })
			}, [c(H(Zl), { id: e.id }, null, 8, ["id"])], 4))), 128)),
			c(H(Ql))
		], 64));
	}
}), iu = u({
	name: "Node",
	compatConfig: { MODE: 3 },
	props: ["id", "resizeObserver"],
	setup(e) {
		let { id: n, noPanClassName: r, selectNodesOnDrag: i, nodesSelectionActive: a, multiSelectionActive: o, emits: s, removeSelectedNodes: c, addSelectedNodes: l, updateNodeDimensions: u, onUpdateNodeInternals: d, getNodeTypes: p, nodeExtent: g, elevateNodesOnSelect: _, disableKeyboardA11y: v, ariaLiveMessage: y, snapToGrid: x, snapGrid: S, nodeDragThreshold: C, nodesDraggable: w, elementsSelectable: E, nodesConnectable: D, nodesFocusable: O, hooks: A } = $(), j = M(null);
		k(Sc, j), k(xc, e.id);
		let N = h(Tc), P = f(), I = Ic(), { node: L, parentNode: R } = Nc(e.id), { emit: B, on: V } = Fc(L, s), H = z(() => L.draggable === void 0 ? w.value : L.draggable), U = z(() => L.selectable === void 0 ? E.value : L.selectable), ee = z(() => L.connectable === void 0 ? D.value : L.connectable), te = z(() => L.focusable === void 0 ? O.value : L.focusable), W = t(() => U.value || H.value || A.value.nodeClick.hasListeners() || A.value.nodeDoubleClick.hasListeners() || A.value.nodeMouseEnter.hasListeners() || A.value.nodeMouseMove.hasListeners() || A.value.nodeMouseLeave.hasListeners()), ne = z(() => !!L.dimensions.width && !!L.dimensions.height), K = t(() => {
			let e = L.type || "default", t = N?.[`node-${e}`];
			if (t) return t;
			let n = L.template || p.value[e];
			if (typeof n == "string" && P) {
				let t = Object.keys(P.appContext.components);
				t && t.includes(e) && (n = F(e, !1));
			}
			return n && typeof n != "string" ? n : (s.error(new Z(X.NODE_TYPE_MISSING, n)), !1);
		}), re = Ec({
			id: e.id,
			el: j,
			disabled: () => !H.value,
			selectable: U,
			dragHandle: () => L.dragHandle,
			onStart(e) {
				B.dragStart(e);
			},
			onDrag(e) {
				B.drag(e);
			},
			onStop(e) {
				B.dragStop(e);
			},
			onClick(e) {
				me(e);
			}
		}), ie = t(() => L.class instanceof Function ? L.class(L) : L.class), ae = t(() => {
			let e = (L.style instanceof Function ? L.style(L) : L.style) || {}, t = L.width instanceof Function ? L.width(L) : L.width, n = L.height instanceof Function ? L.height(L) : L.height;
			return !e.width && t && (e.width = typeof t == "string" ? t : `${t}px`), !e.height && n && (e.height = typeof n == "string" ? n : `${n}px`), e;
		}), oe = z(() => Number(L.zIndex ?? ae.value.zIndex ?? 0));
		return d((t) => {
			(t.includes(e.id) || !t.length) && ce();
		}), T(() => {
			G(() => L.hidden, (t = !1, n, r) => {
				!t && j.value && (e.resizeObserver.observe(j.value), r(() => {
					j.value && e.resizeObserver.unobserve(j.value);
				}));
			}, {
				immediate: !0,
				flush: "post"
			});
		}), G([
			() => L.type,
			() => L.sourcePosition,
			() => L.targetPosition
		], () => {
			b(() => {
				u([{
					id: e.id,
					nodeElement: j.value,
					forceUpdate: !0
				}]);
			});
		}), G([
			() => L.position.x,
			() => L.position.y,
			() => R.value?.computedPosition.x,
			() => R.value?.computedPosition.y,
			() => R.value?.computedPosition.z,
			oe,
			() => L.selected,
			() => L.dimensions.height,
			() => L.dimensions.width,
			() => R.value?.dimensions.height,
			() => R.value?.dimensions.width
		], ([e, t, n, r, i, a]) => {
			let o = {
				x: e,
				y: t,
				z: a + (_.value && L.selected ? 1e3 : 0)
			};
			n !== void 0 && r !== void 0 ? L.computedPosition = vs({
				x: n,
				y: r,
				z: i
			}, o) : L.computedPosition = o;
		}, {
			flush: "post",
			immediate: !0
		}), G([() => L.extent, g], ([e, t], [n, r]) => {
			(e !== n || t !== r) && se();
		}), L.extent === "parent" || typeof L.extent == "object" && "range" in L.extent && L.extent.range === "parent" ? Te(() => ne).toBe(!0).then(se) : se(), () => L.hidden ? null : m("div", {
			ref: j,
			"data-id": L.id,
			class: [
				"vue-flow__node",
				`vue-flow__node-${K.value === !1 ? "default" : L.type || "default"}`,
				{
					[r.value]: H.value,
					dragging: re?.value,
					draggable: H.value,
					selected: L.selected,
					selectable: U.value,
					parent: L.isParent
				},
				ie.value
			],
			style: {
				visibility: ne.value ? "visible" : "hidden",
				zIndex: L.computedPosition.z ?? oe.value,
				transform: `translate(${L.computedPosition.x}px,${L.computedPosition.y}px)`,
				pointerEvents: W.value ? "all" : "none",
				...ae.value
			},
			tabIndex: te.value ? 0 : void 0,
			role: te.value ? "group" : void 0,
			"aria-describedby": v.value ? void 0 : `${Lo}-${n}`,
			"aria-label": L.ariaLabel,
			"aria-roledescription": "node",
			...L.domAttributes,
			onMouseenter: le,
			onMousemove: ue,
			onMouseleave: de,
			onContextmenu: fe,
			onClick: me,
			onDblclick: pe,
			onKeydown: he
		}, [m(K.value === !1 ? p.value.default : K.value, {
			id: L.id,
			type: L.type,
			data: L.data,
			events: {
				...L.events,
				...V
			},
			selected: L.selected,
			resizing: L.resizing,
			dragging: re.value,
			connectable: ee.value,
			position: L.computedPosition,
			dimensions: L.dimensions,
			isValidTargetPos: L.isValidTargetPos,
			isValidSourcePos: L.isValidSourcePos,
			parent: L.parentNode,
			parentNodeId: L.parentNode,
			zIndex: L.computedPosition.z ?? oe.value,
			targetPosition: L.targetPosition,
			sourcePosition: L.sourcePosition,
			label: L.label,
			dragHandle: L.dragHandle,
			onUpdateNodeInternals: ce
		})]);
		function se() {
			let e = L.computedPosition, { computedPosition: t, position: n } = zs(L, x.value ? Xs(e, S.value) : e, s.error, g.value, R.value);
			(L.computedPosition.x !== t.x || L.computedPosition.y !== t.y) && (L.computedPosition = {
				...L.computedPosition,
				...t
			}), (L.position.x !== n.x || L.position.y !== n.y) && (L.position = n);
		}
		function ce() {
			j.value && u([{
				id: e.id,
				nodeElement: j.value,
				forceUpdate: !0
			}]);
		}
		function le(e) {
			re?.value || B.mouseEnter({
				event: e,
				node: L
			});
		}
		function ue(e) {
			re?.value || B.mouseMove({
				event: e,
				node: L
			});
		}
		function de(e) {
			re?.value || B.mouseLeave({
				event: e,
				node: L
			});
		}
		function fe(e) {
			return B.contextMenu({
				event: e,
				node: L
			});
		}
		function pe(e) {
			return B.doubleClick({
				event: e,
				node: L
			});
		}
		function me(e) {
			U.value && (!i.value || !H.value || C.value > 0) && fc(L, o.value, l, c, a, !1, j.value), B.click({
				event: e,
				node: L
			});
		}
		function he(e) {
			if (!(jo(e) || v.value)) {
				if (Bo.includes(e.key) && U.value) {
					let t = e.key === "Escape";
					fc(L, o.value, l, c, a, t, j.value);
				} else H.value && L.selected && Vo[e.key] && (e.preventDefault(), y.value = `Moved selected node ${e.key.replace("Arrow", "").toLowerCase()}. New position, x: ${~~L.position.x}, y: ${~~L.position.y}`, I({
					x: Vo[e.key].x,
					y: Vo[e.key].y
				}, e.shiftKey));
			}
		}
	}
});
function au(e = { includeHiddenNodes: !1 }) {
	let { nodes: n } = $();
	return t(() => {
		if (n.value.length === 0) return !1;
		for (let t of n.value) if ((e.includeHiddenNodes || !t.hidden) && (t?.handleBounds === void 0 || t.dimensions.width === 0 || t.dimensions.height === 0)) return !1;
		return !0;
	});
}
var ou = { class: "vue-flow__nodes vue-flow__container" }, su = /* @__PURE__ */ u({
	name: "Nodes",
	compatConfig: { MODE: 3 },
	setup(t) {
		let { getNodes: a, updateNodeDimensions: o, emits: s } = $(), c = au(), l = M();
		return G(c, (e) => {
			e && b(() => {
				s.nodesInitialized(a.value);
			});
		}, { immediate: !0 }), T(() => {
			l.value = new ResizeObserver((e) => {
				let t = e.map((e) => ({
					id: e.target.getAttribute("data-id"),
					nodeElement: e.target,
					forceUpdate: !0
				}));
				b(() => o(t));
			});
		}), w(() => l.value?.disconnect()), (t, o) => (O(), i("div", ou, [l.value ? (O(!0), i(e, { key: 0 }, N(H(a), (e, t, r, i) => {
			let a = [e.id];
			if (i && i.key === e.id && g(i, a)) return i;
			let o = (O(), n(H(iu), {
				id: e.id,
				key: e.id,
				"resize-observer": l.value
			}, null, 8, ["id", "resize-observer"]));
			return o.memo = a, o;
		}, o, 0), 128)) : r("", !0)]));
	}
});
function cu() {
	let { emits: e } = $();
	T(() => {
		if (uc()) {
			let t = document.querySelector(".vue-flow__pane");
			t && window.getComputedStyle(t).zIndex !== "1" && e.error(new Z(X.MISSING_STYLES));
		}
	});
}
var lu = /* @__PURE__ */ a("div", { class: "vue-flow__edge-labels" }, null, -1), uu = /* @__PURE__ */ u({
	name: "VueFlow",
	compatConfig: { MODE: 3 },
	props: {
		id: {},
		modelValue: {},
		nodes: {},
		edges: {},
		edgeTypes: {},
		nodeTypes: {},
		connectionMode: {},
		connectionLineType: {},
		connectionLineStyle: { default: void 0 },
		connectionLineOptions: { default: void 0 },
		connectionRadius: {},
		isValidConnection: {
			type: [Function, null],
			default: void 0
		},
		deleteKeyCode: { default: void 0 },
		selectionKeyCode: {
			type: [Boolean, null],
			default: void 0
		},
		multiSelectionKeyCode: { default: void 0 },
		zoomActivationKeyCode: { default: void 0 },
		panActivationKeyCode: { default: void 0 },
		snapToGrid: {
			type: Boolean,
			default: void 0
		},
		snapGrid: {},
		onlyRenderVisibleElements: {
			type: Boolean,
			default: void 0
		},
		edgesUpdatable: {
			type: [Boolean, String],
			default: void 0
		},
		nodesDraggable: {
			type: Boolean,
			default: void 0
		},
		nodesConnectable: {
			type: Boolean,
			default: void 0
		},
		nodeDragThreshold: {},
		elementsSelectable: {
			type: Boolean,
			default: void 0
		},
		selectNodesOnDrag: {
			type: Boolean,
			default: void 0
		},
		panOnDrag: {
			type: [Boolean, Array],
			default: void 0
		},
		minZoom: {},
		maxZoom: {},
		defaultViewport: {},
		translateExtent: {},
		nodeExtent: {},
		defaultMarkerColor: {},
		zoomOnScroll: {
			type: Boolean,
			default: void 0
		},
		zoomOnPinch: {
			type: Boolean,
			default: void 0
		},
		panOnScroll: {
			type: Boolean,
			default: void 0
		},
		panOnScrollSpeed: {},
		panOnScrollMode: {},
		paneClickDistance: {},
		zoomOnDoubleClick: {
			type: Boolean,
			default: void 0
		},
		preventScrolling: {
			type: Boolean,
			default: void 0
		},
		selectionMode: {},
		edgeUpdaterRadius: {},
		fitViewOnInit: {
			type: Boolean,
			default: void 0
		},
		connectOnClick: {
			type: Boolean,
			default: void 0
		},
		applyDefault: {
			type: Boolean,
			default: void 0
		},
		autoConnect: {
			type: [Boolean, Function],
			default: void 0
		},
		noDragClassName: {},
		noWheelClassName: {},
		noPanClassName: {},
		defaultEdgeOptions: {},
		elevateEdgesOnSelect: {
			type: Boolean,
			default: void 0
		},
		elevateNodesOnSelect: {
			type: Boolean,
			default: void 0
		},
		disableKeyboardA11y: {
			type: Boolean,
			default: void 0
		},
		edgesFocusable: {
			type: Boolean,
			default: void 0
		},
		nodesFocusable: {
			type: Boolean,
			default: void 0
		},
		autoPanOnConnect: {
			type: Boolean,
			default: void 0
		},
		autoPanOnNodeDrag: {
			type: Boolean,
			default: void 0
		},
		autoPanSpeed: {}
	},
	emits: /* @__PURE__ */ "nodesChange.edgesChange.nodesInitialized.paneReady.init.updateNodeInternals.error.connect.connectStart.connectEnd.clickConnectStart.clickConnectEnd.moveStart.move.moveEnd.selectionDragStart.selectionDrag.selectionDragStop.selectionContextMenu.selectionStart.selectionEnd.viewportChangeStart.viewportChange.viewportChangeEnd.paneScroll.paneClick.paneContextMenu.paneMouseEnter.paneMouseMove.paneMouseLeave.edgeUpdate.edgeContextMenu.edgeMouseEnter.edgeMouseMove.edgeMouseLeave.edgeDoubleClick.edgeClick.edgeUpdateStart.edgeUpdateEnd.nodeContextMenu.nodeMouseEnter.nodeMouseMove.nodeMouseLeave.nodeDoubleClick.nodeClick.nodeDragStart.nodeDrag.nodeDragStop.miniMapNodeClick.miniMapNodeDoubleClick.miniMapNodeMouseEnter.miniMapNodeMouseMove.miniMapNodeMouseLeave.update:modelValue.update:nodes.update:edges".split("."),
	setup(e, { expose: t, emit: n }) {
		let r = e, a = ee(), o = je(r, "modelValue", n), s = je(r, "nodes", n), l = je(r, "edges", n), u = $(r), d = Uc({
			modelValue: o,
			nodes: s,
			edges: l
		}, r, u);
		return Gc(n, u.hooks), Kl(), cu(), k(Tc, a), D(d), t(u), (e, t) => (O(), i("div", {
			ref: H(u).vueFlowRef,
			class: "vue-flow"
		}, [
			c(Vl, null, {
				default: K(() => [
					c(ru),
					lu,
					c(su),
					P(e.$slots, "zoom-pane")
				]),
				_: 3
			}),
			P(e.$slots, "default"),
			c(Gl)
		], 512));
	}
}), du = /* @__PURE__ */ u({
	name: "Panel",
	compatConfig: { MODE: 3 },
	props: { position: {} },
	setup(e) {
		let n = e, { userSelectionActive: r } = $(), a = t(() => `${n.position}`.split("-"));
		return (e, t) => (O(), i("div", {
			class: x(["vue-flow__panel", a.value]),
			style: S({ pointerEvents: H(r) ? "none" : "all" })
		}, [P(e.$slots, "default")], 6));
	}
}), fu = /* @__PURE__ */ ((e) => (e.Lines = "lines", e.Dots = "dots", e))(fu || {}), pu = function({ dimensions: e, size: t, color: n }) {
	return m("path", {
		stroke: n,
		"stroke-width": t,
		d: `M${e[0] / 2} 0 V${e[1]} M0 ${e[1] / 2} H${e[0]}`
	});
}, mu = function({ radius: e, color: t }) {
	return m("circle", {
		cx: e,
		cy: e,
		r: e,
		fill: t
	});
};
fu.Lines, fu.Dots;
var hu = {
	[fu.Dots]: "#81818a",
	[fu.Lines]: "#eee"
}, gu = [
	"id",
	"x",
	"y",
	"width",
	"height",
	"patternTransform"
], _u = {
	key: 2,
	height: "100",
	width: "100"
}, vu = ["fill"], yu = [
	"x",
	"y",
	"fill"
], bu = /* @__PURE__ */ u({
	name: "Background",
	compatConfig: { MODE: 3 },
	props: {
		id: {},
		variant: { default: () => fu.Dots },
		gap: { default: 20 },
		size: { default: 1 },
		lineWidth: { default: 1 },
		patternColor: {},
		color: {},
		bgColor: {},
		height: { default: 100 },
		width: { default: 100 },
		x: { default: 0 },
		y: { default: 0 },
		offset: { default: 0 }
	},
	setup(e) {
		let { id: o, viewport: s } = $(), c = t(() => {
			let t = s.value.zoom, [n, r] = Array.isArray(e.gap) ? e.gap : [e.gap, e.gap], i = [n * t || 1, r * t || 1], a = e.size * t, [o, c] = Array.isArray(e.offset) ? e.offset : [e.offset, e.offset];
			return {
				scaledGap: i,
				offset: [o * t || 1 + i[0] / 2, c * t || 1 + i[1] / 2],
				size: a
			};
		}), l = z(() => `pattern-${o}${e.id ? `-${e.id}` : ""}`), u = z(() => e.color || e.patternColor || hu[e.variant || fu.Dots]);
		return (e, t) => (O(), i("svg", {
			class: "vue-flow__background vue-flow__container",
			style: S({
				height: `${e.height > 100 ? 100 : e.height}%`,
				width: `${e.width > 100 ? 100 : e.width}%`
			})
		}, [
			P(e.$slots, "pattern-container", { id: l.value }, () => [a("pattern", {
				id: l.value,
				x: H(s).x % c.value.scaledGap[0],
				y: H(s).y % c.value.scaledGap[1],
				width: c.value.scaledGap[0],
				height: c.value.scaledGap[1],
				patternTransform: `translate(-${c.value.offset[0]},-${c.value.offset[1]})`,
				patternUnits: "userSpaceOnUse"
			}, [P(e.$slots, "pattern", {}, () => [e.variant === H(fu).Lines ? (O(), n(H(pu), {
				key: 0,
				size: e.lineWidth,
				color: u.value,
				dimensions: c.value.scaledGap
			}, null, 8, [
				"size",
				"color",
				"dimensions"
			])) : e.variant === H(fu).Dots ? (O(), n(H(mu), {
				key: 1,
				color: u.value,
				radius: c.value.size / 2
			}, null, 8, ["color", "radius"])) : r("", !0), e.bgColor ? (O(), i("svg", _u, [a("rect", {
				width: "100%",
				height: "100%",
				fill: e.bgColor
			}, null, 8, vu)])) : r("", !0)])], 8, gu)]),
			a("rect", {
				x: e.x,
				y: e.y,
				width: "100%",
				height: "100%",
				fill: `url(#${l.value})`
			}, null, 8, yu),
			P(e.$slots, "default", { id: l.value })
		], 4));
	}
}), xu = {
	name: "ControlButton",
	compatConfig: { MODE: 3 }
}, Su = (e, t) => {
	let n = e.__vccOpts || e;
	for (let [e, r] of t) n[e] = r;
	return n;
}, Cu = {
	type: "button",
	class: "vue-flow__controls-button"
};
function wu(e, t, n, r, a, o) {
	return O(), i("button", Cu, [P(e.$slots, "default")]);
}
var Tu = /* @__PURE__ */ Su(xu, [["render", wu]]), Eu = {
	xmlns: "http://www.w3.org/2000/svg",
	viewBox: "0 0 32 32"
}, Du = [/* @__PURE__ */ a("path", { d: "M32 18.133H18.133V32h-4.266V18.133H0v-4.266h13.867V0h4.266v13.867H32z" }, null, -1)];
function Ou(e, t) {
	return O(), i("svg", Eu, Du);
}
var ku = { render: Ou }, Au = {
	xmlns: "http://www.w3.org/2000/svg",
	viewBox: "0 0 32 5"
}, ju = [/* @__PURE__ */ a("path", { d: "M0 0h32v4.2H0z" }, null, -1)];
function Mu(e, t) {
	return O(), i("svg", Au, ju);
}
var Nu = { render: Mu }, Pu = {
	xmlns: "http://www.w3.org/2000/svg",
	viewBox: "0 0 32 30"
}, Fu = [/* @__PURE__ */ a("path", { d: "M3.692 4.63c0-.53.4-.938.939-.938h5.215V0H4.708C2.13 0 0 2.054 0 4.63v5.216h3.692V4.631zM27.354 0h-5.2v3.692h5.17c.53 0 .984.4.984.939v5.215H32V4.631A4.624 4.624 0 0 0 27.354 0zm.954 24.83c0 .532-.4.94-.939.94h-5.215v3.768h5.215c2.577 0 4.631-2.13 4.631-4.707v-5.139h-3.692v5.139zm-23.677.94a.919.919 0 0 1-.939-.94v-5.138H0v5.139c0 2.577 2.13 4.707 4.708 4.707h5.138V25.77H4.631z" }, null, -1)];
function Iu(e, t) {
	return O(), i("svg", Pu, Fu);
}
var Lu = { render: Iu }, Ru = {
	xmlns: "http://www.w3.org/2000/svg",
	viewBox: "0 0 25 32"
}, zu = [/* @__PURE__ */ a("path", { d: "M21.333 10.667H19.81V7.619C19.81 3.429 16.38 0 12.19 0 8 0 4.571 3.429 4.571 7.619v3.048H3.048A3.056 3.056 0 0 0 0 13.714v15.238A3.056 3.056 0 0 0 3.048 32h18.285a3.056 3.056 0 0 0 3.048-3.048V13.714a3.056 3.056 0 0 0-3.048-3.047zM12.19 24.533a3.056 3.056 0 0 1-3.047-3.047 3.056 3.056 0 0 1 3.047-3.048 3.056 3.056 0 0 1 3.048 3.048 3.056 3.056 0 0 1-3.048 3.047zm4.724-13.866H7.467V7.619c0-2.59 2.133-4.724 4.723-4.724 2.591 0 4.724 2.133 4.724 4.724v3.048z" }, null, -1)];
function Bu(e, t) {
	return O(), i("svg", Ru, zu);
}
var Vu = { render: Bu }, Hu = {
	xmlns: "http://www.w3.org/2000/svg",
	viewBox: "0 0 25 32"
}, Uu = [/* @__PURE__ */ a("path", { d: "M21.333 10.667H19.81V7.619C19.81 3.429 16.38 0 12.19 0c-4.114 1.828-1.37 2.133.305 2.438 1.676.305 4.42 2.59 4.42 5.181v3.048H3.047A3.056 3.056 0 0 0 0 13.714v15.238A3.056 3.056 0 0 0 3.048 32h18.285a3.056 3.056 0 0 0 3.048-3.048V13.714a3.056 3.056 0 0 0-3.048-3.047zM12.19 24.533a3.056 3.056 0 0 1-3.047-3.047 3.056 3.056 0 0 1 3.047-3.048 3.056 3.056 0 0 1 3.048 3.048 3.056 3.056 0 0 1-3.048 3.047z" }, null, -1)];
function Wu(e, t) {
	return O(), i("svg", Hu, Uu);
}
var Gu = { render: Wu }, Ku = /* @__PURE__ */ u({
	name: "Controls",
	compatConfig: { MODE: 3 },
	props: {
		showZoom: {
			type: Boolean,
			default: !0
		},
		showFitView: {
			type: Boolean,
			default: !0
		},
		showInteractive: {
			type: Boolean,
			default: !0
		},
		fitViewParams: {},
		position: { default: () => Oo.BottomLeft }
	},
	emits: [
		"zoomIn",
		"zoomOut",
		"fitView",
		"interactionChange"
	],
	setup(t, { emit: a }) {
		let { nodesDraggable: o, nodesConnectable: s, elementsSelectable: l, setInteractive: u, zoomIn: d, zoomOut: f, fitView: p, viewport: m, minZoom: h, maxZoom: g } = $(), _ = z(() => o.value || s.value || l.value), v = z(() => m.value.zoom <= h.value), y = z(() => m.value.zoom >= g.value);
		function b() {
			d(), a("zoomIn");
		}
		function x() {
			f(), a("zoomOut");
		}
		function S() {
			p(t.fitViewParams), a("fitView");
		}
		function C() {
			u(!_.value), a("interactionChange", !_.value);
		}
		return (t, a) => (O(), n(H(du), {
			class: "vue-flow__controls",
			position: t.position
		}, {
			default: K(() => [
				P(t.$slots, "top"),
				t.showZoom ? (O(), i(e, { key: 0 }, [P(t.$slots, "control-zoom-in", {}, () => [c(Tu, {
					class: "vue-flow__controls-zoomin",
					disabled: y.value,
					onClick: b
				}, {
					default: K(() => [P(t.$slots, "icon-zoom-in", {}, () => [(O(), n(I(H(ku))))])]),
					_: 3
				}, 8, ["disabled"])]), P(t.$slots, "control-zoom-out", {}, () => [c(Tu, {
					class: "vue-flow__controls-zoomout",
					disabled: v.value,
					onClick: x
				}, {
					default: K(() => [P(t.$slots, "icon-zoom-out", {}, () => [(O(), n(I(H(Nu))))])]),
					_: 3
				}, 8, ["disabled"])])], 64)) : r("", !0),
				t.showFitView ? P(t.$slots, "control-fit-view", { key: 1 }, () => [c(Tu, {
					class: "vue-flow__controls-fitview",
					onClick: S
				}, {
					default: K(() => [P(t.$slots, "icon-fit-view", {}, () => [(O(), n(I(H(Lu))))])]),
					_: 3
				})]) : r("", !0),
				t.showInteractive ? P(t.$slots, "control-interactive", { key: 2 }, () => [t.showInteractive ? (O(), n(Tu, {
					key: 0,
					class: "vue-flow__controls-interactive",
					onClick: C
				}, {
					default: K(() => [_.value ? P(t.$slots, "icon-unlock", { key: 0 }, () => [(O(), n(I(H(Gu))))]) : r("", !0), _.value ? r("", !0) : P(t.$slots, "icon-lock", { key: 1 }, () => [(O(), n(I(H(Vu))))])]),
					_: 3
				})) : r("", !0)]) : r("", !0),
				P(t.$slots, "default")
			]),
			_: 3
		}, 8, ["position"]));
	}
}), qu = 180, Ju = 120, Yu = 15, Xu = 8, Zu = {
	__name: "CanvasMiniMap",
	props: {
		nodeColor: {
			type: Function,
			required: !0
		},
		dark: {
			type: Boolean,
			default: !1
		}
	},
	setup(e) {
		let r = e, { getNodes: i, viewport: o, dimensions: s, setCenter: c } = $(), l = M(null), u = null, d = 0, f = null, p = M("bottom"), m = t(() => p.value === "top" ? {
			top: "0px",
			bottom: "auto"
		} : p.value === "hidden" ? { visibility: "hidden" } : {});
		function h(e, t, n) {
			let r = t - Yu - 182, i = e === "top" ? Yu : n - Yu - 122;
			return {
				x: r - Xu,
				y: i - Xu,
				w: 198,
				h: 138
			};
		}
		function g(e, t) {
			return e.x < t.x + t.w && t.x < e.x + e.w && e.y < t.y + t.h && t.y < e.y + e.h;
		}
		function _(e, t, n) {
			let r = (r) => !e.some((e) => g(e, h(r, t, n))), i = p.value === "hidden" ? "bottom" : p.value;
			if (r(i)) return i;
			let a = i === "bottom" ? "top" : "bottom";
			return r(a) ? a : "hidden";
		}
		function v(e) {
			let t = Infinity, n = Infinity, r = -Infinity, i = -Infinity;
			for (let a of e) t = Math.min(t, a.x), n = Math.min(n, a.y), r = Math.max(r, a.x + a.w), i = Math.max(i, a.y + a.h);
			return {
				x: t,
				y: n,
				w: r - t,
				h: i - n
			};
		}
		ne(() => {
			let { x: e, y: t, zoom: n } = o.value, a = {
				x: -e / n,
				y: -t / n,
				w: s.value.width / n,
				h: s.value.height / n
			}, c = [], l = i.value.map((i) => {
				let a = {
					x: i.computedPosition.x,
					y: i.computedPosition.y,
					w: i.dimensions.width || 220,
					h: i.dimensions.height || 80,
					color: r.nodeColor(i)
				};
				return (i.selected || i.dragging) && c.push({
					x: a.x * n + e,
					y: a.y * n + t,
					w: a.w * n,
					h: a.h * n
				}), a;
			}), f = _(c, s.value.width, s.value.height);
			f !== p.value && (p.value = f), u = {
				view: a,
				nodes: l,
				dark: r.dark
			}, d ||= requestAnimationFrame(y);
		});
		function y() {
			d = 0;
			let e = l.value;
			if (!e || !u) return;
			let t = window.devicePixelRatio || 1;
			e.width !== qu * t && (e.width = qu * t, e.height = Ju * t);
			let n = e.getContext("2d");
			n.setTransform(t, 0, 0, t, 0, 0), n.clearRect(0, 0, qu, Ju);
			let r = v([u.view, ...u.nodes]), i = Math.min(164 / r.w, 104 / r.h), a = (qu - r.w * i) / 2 - r.x * i, o = (Ju - r.h * i) / 2 - r.y * i;
			f = {
				scale: i,
				offsetX: a,
				offsetY: o
			};
			for (let e of u.nodes) n.fillStyle = e.color, n.beginPath(), n.roundRect(a + e.x * i, o + e.y * i, e.w * i, e.h * i, 8 * i), n.fill();
			let s = a + u.view.x * i, c = o + u.view.y * i, p = u.view.w * i, m = u.view.h * i;
			n.fillStyle = u.dark ? "rgba(8, 12, 20, 0.55)" : "rgba(226, 232, 240, 0.6)", n.beginPath(), n.rect(0, 0, qu, Ju), n.rect(s, c, p, m), n.fill("evenodd"), n.strokeStyle = u.dark ? "rgba(148, 163, 184, 0.7)" : "rgba(100, 116, 139, 0.7)", n.lineWidth = 1, n.strokeRect(s + .5, c + .5, p - 1, m - 1);
		}
		function b(e) {
			if (!f) return;
			let t = l.value.getBoundingClientRect(), n = (e.clientX - t.left - f.offsetX) / f.scale, r = (e.clientY - t.top - f.offsetY) / f.scale;
			c(n, r, { zoom: o.value.zoom });
		}
		function x(e) {
			l.value.setPointerCapture(e.pointerId), b(e);
		}
		function C(e) {
			l.value.hasPointerCapture(e.pointerId) && b(e);
		}
		return T(() => {
			d ||= requestAnimationFrame(y);
		}), w(() => cancelAnimationFrame(d)), (e, t) => (O(), n(H(du), {
			position: "bottom-right",
			class: "pc-minimap",
			"data-testid": "minimap",
			"data-corner": p.value,
			style: S(m.value)
		}, {
			default: K(() => [a("canvas", {
				ref_key: "canvas",
				ref: l,
				style: S({
					width: `${qu}px`,
					height: `${Ju}px`
				}),
				"aria-label": "Overview of the pipeline; click to move there",
				onPointerdown: x,
				onPointermove: C
			}, null, 36)]),
			_: 1
		}, 8, ["data-corner", "style"]));
	}
}, Qu = "application/x-pipeline-component", $u = {
	uri_folder: "#f59e0b",
	uri_file: "#f97316",
	mltable: "#14b8a6",
	mlflow_model: "#8b5cf6",
	custom_model: "#ec4899",
	triton_model: "#6366f1",
	string: "#64748b",
	integer: "#0ea5e9",
	number: "#3b82f6",
	boolean: "#84cc16"
}, ed = [
	"#0891b2",
	"#d946ef",
	"#65a30d",
	"#e11d48",
	"#0d9488",
	"#7c3aed",
	"#ca8a04",
	"#2563eb"
], td = [
	[/transform|prep|clean|feature|split|join|filter/, "#7c3aed"],
	[/train|fit|learn|tun/, "#ea580c"],
	[/scor|predict|infer/, "#0891b2"],
	[/eval|metric|report|compar/, "#16a34a"],
	[/model|regist|deploy/, "#db2777"],
	[/text|language|nlp/, "#ca8a04"],
	[/data|input|output|source|sink|load|read|writ/, "#2563eb"],
	[/python|script|custom|util|general/, "#475569"]
];
function nd(e) {
	let t = 0;
	for (let n = 0; n < e.length; n++) t = t * 31 + e.charCodeAt(n) >>> 0;
	return t;
}
function rd(e) {
	let t = String(e || "").toLowerCase();
	return $u[t] || ed[nd(t) % ed.length];
}
function id(e) {
	let t = String(e || "").toLowerCase();
	for (let [e, n] of td) if (e.test(t)) return n;
	return ed[nd(t) % ed.length];
}
var ad = "#64748b";
function od(e, t) {
	return e && e[t] || {
		label: String(t || ""),
		icon: "help_outline",
		color: ad
	};
}
// src/PalettePanel.vue
var sd = {
	class: "pc-palette",
	"data-testid": "palette"
}, cd = { class: "pc-palette__head" }, ld = { class: "pc-palette__title" }, ud = { class: "pc-search" }, dd = { class: "pc-palette__list" }, fd = [
	"aria-expanded",
	"data-category",
	"onClick"
], pd = { class: "pc-group__name" }, md = { class: "pc-group__count" }, hd = { class: "pc-group__entries" }, gd = [
	"draggable",
	"data-component",
	"data-version",
	"data-problem",
	"title",
	"onDragstart"
], _d = { class: "pc-entry__icon" }, vd = { class: "material-icons" }, yd = { class: "pc-entry__text" }, bd = { class: "pc-entry__name" }, xd = { class: "pc-entry__meta" }, Sd = {
	key: 0,
	class: "pc-entry__version"
}, Cd = {
	key: 0,
	class: "pc-palette__empty"
}, wd = {
	__name: "PalettePanel",
	props: { palette: {
		type: Array,
		default: () => []
	} },
	emits: ["collapse"],
	setup(n, { emit: o }) {
		let c = n, l = o, u = M(""), d = A({}), f = t(() => {
			let e = u.value.trim().toLowerCase(), t = /* @__PURE__ */ new Map();
			for (let n of c.palette) {
				if (e && !`${n.name} ${n.display_name || ""} ${n.description || ""}`.toLowerCase().includes(e)) continue;
				let r = n.category || "Other";
				t.has(r) || t.set(r, []), t.get(r).push(n);
			}
			return [...t].map(([e, t]) => ({
				name: e,
				entries: t,
				color: id(e)
			}));
		}), p = t(() => u.value.trim() !== "");
		function m(e) {
			d[e] = !d[e];
		}
		function h(e, t) {
			if (t.problem) {
				e.preventDefault();
				return;
			}
			let n = JSON.stringify({
				name: t.name,
				version: t.version
			});
			e.dataTransfer.setData(Qu, n), e.dataTransfer.setData("text/plain", `${t.name}:${t.version}`), e.dataTransfer.effectAllowed = "copy";
		}
		return (t, n) => (O(), i("aside", sd, [
			a("div", cd, [a("div", ld, [n[4] ||= a("span", null, "Components", -1), a("button", {
				class: "pc-icon-button",
				title: "Hide the component list",
				onClick: n[0] ||= (e) => l("collapse")
			}, [...n[3] ||= [a("span", { class: "material-icons" }, "chevron_left", -1)]])]), a("label", ud, [n[5] ||= a("span", { class: "material-icons" }, "search", -1), re(a("input", {
				"onUpdate:modelValue": n[1] ||= (e) => u.value = e,
				type: "search",
				placeholder: "Search components",
				"aria-label": "Search components",
				"data-testid": "palette-search",
				onKeydown: n[2] ||= ie((e) => u.value = "", ["escape"])
			}, null, 544), [[te, u.value]])])]),
			a("div", dd, [(O(!0), i(e, null, N(f.value, (t) => (O(), i("section", {
				key: t.name,
				class: "pc-group",
				style: S({ "--pc-cat": t.color })
			}, [a("button", {
				class: "pc-group__head",
				"aria-expanded": p.value || !d[t.name],
				"data-testid": "palette-category",
				"data-category": t.name,
				onClick: (e) => m(t.name)
			}, [
				a("span", { class: x(["material-icons pc-group__chevron", { "is-folded": !p.value && d[t.name] }]) }, " expand_more ", 2),
				a("span", pd, R(t.name), 1),
				a("span", md, R(t.entries.length), 1)
			], 8, fd), re(a("div", hd, [(O(!0), i(e, null, N(t.entries, (e) => (O(), i("div", {
				key: e.name,
				class: x(["pc-entry", { "is-invalid": e.problem }]),
				draggable: e.problem ? "false" : "true",
				"data-testid": "palette-item",
				"data-component": e.name,
				"data-version": e.version,
				"data-problem": e.problem || null,
				title: e.problem || e.description || e.display_name || e.name,
				onDragstart: (t) => h(t, e)
			}, [
				a("div", _d, [a("span", vd, R(e.icon || "extension"), 1)]),
				a("div", yd, [a("div", bd, R(e.display_name || e.name), 1), a("div", xd, R(e.name), 1)]),
				e.version ? (O(), i("span", Sd, "v" + R(e.version), 1)) : r("", !0)
			], 42, gd))), 128))], 512), [[W, p.value || !d[t.name]]])], 4))), 128)), f.value.length ? r("", !0) : (O(), i("div", Cd, [p.value ? (O(), i(e, { key: 0 }, [s("No component matches “" + R(u.value.trim()) + "”.", 1)], 64)) : (O(), i(e, { key: 1 }, [s("No components are registered.")], 64))]))]),
			n[6] ||= a("div", { class: "pc-palette__hint" }, "Drag a component onto the canvas", -1)
		]));
	}
};
// src/format.js
function Td(e) {
	if (e == null) return "";
	let t = Number(e);
	if (!Number.isFinite(t)) return "";
	let n = Math.max(0, t);
	if (n < 10) return `${(Math.floor(n * 10) / 10).toFixed(1)} s`;
	let r = Math.floor(n);
	if (r < 60) return `${r} s`;
	if (r < 3600) {
		let e = Math.floor(r / 60), t = r % 60;
		return t ? `${e} min ${t} s` : `${e} min`;
	}
	let i = Math.floor(r / 3600), a = Math.floor(r % 3600 / 60);
	return a ? `${i} h ${a} min` : `${i} h`;
}
// src/StepProgress.vue
var Ed = [
	"data-unit",
	"data-done",
	"data-running",
	"data-failed",
	"data-total",
	"data-best",
	"title"
], Dd = { class: "pc-progress__top" }, Od = { class: "pc-progress__bar" }, kd = ["data-state"], Ad = {
	class: "pc-progress__count",
	"data-testid": "progress-count"
}, jd = { class: "pc-progress__line" }, Md = { "data-testid": "progress-running" }, Nd = { "data-testid": "progress-failed" }, Pd = {
	key: 0,
	class: "pc-progress__best",
	"data-testid": "progress-best"
}, Fd = { "data-testid": "progress-best-value" }, Id = "pipeline-canvas-progress-styles", Ld = "\n.pc-progress { padding: 0 10px 8px; font-size: 11px; color: var(--pc-muted); display: flex; flex-direction: column; gap: 3px; }\n.pc-progress__top { display: flex; align-items: center; gap: 8px; }\n.pc-progress__bar { display: flex; flex: 1 1 auto; height: 6px; overflow: hidden; border-radius: 3px; background: var(--pc-border-soft); }\n.pc-progress__bar > span { display: block; height: 100%; }\n.pc-progress__count { flex: 0 0 auto; font-variant-numeric: tabular-nums; color: var(--pc-text); font-weight: 600; }\n.pc-progress__line { display: flex; gap: 6px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }\n.pc-progress__line > span:empty { display: none; }\n.pc-progress__line > span:not(:empty) ~ span:not(:empty)::before { content: \"·\"; margin-right: 6px; }\n.pc-progress__best { display: flex; align-items: center; gap: 4px; white-space: nowrap; overflow: hidden; }\n.pc-progress__best .material-icons { font-size: 13px; color: #d97706; }\n.pc-progress__best b { color: var(--pc-text); font-variant-numeric: tabular-nums; }\n", Rd = {
	__name: "StepProgress",
	props: {
		progress: {
			type: Object,
			required: !0
		},
		states: {
			type: Object,
			default: () => ({})
		}
	},
	setup(n) {
		let o = n;
		if (typeof document < "u" && !document.getElementById(Id)) {
			let e = document.createElement("style");
			e.id = Id, e.textContent = Ld, document.head.appendChild(e);
		}
		let c = t(() => {
			let e = o.progress, t = Math.max(1, e.total || 0), n = e.unit === "trials", r = [
				["completed", e.done || 0],
				["running", e.running || 0],
				["failed", e.failed || 0],
				["canceled", e.stopped || 0]
			].map(([e, n]) => ({
				state: e,
				width: `${100 * n / t}%`,
				color: od(o.states, e).color
			})), i = n ? e.total === 1 ? "trial" : "trials" : e.total === 1 ? "mini-batch" : "mini-batches", a = e.goal === "minimize" ? "lower is better" : "higher is better";
			return {
				parts: r,
				count: `${e.done || 0}/${e.total || 0} ${i}`,
				running: e.running ? `${e.running} running` : "",
				failed: e.failed ? `${e.failed} failed` : "",
				stopped: e.stopped ? `${e.stopped} stopped early` : "",
				best: n && e.best_text != null ? e.best_text : "",
				metric: e.metric || "value",
				title: n ? `Trials: ${e.done || 0} done, ${e.running || 0} running, ${e.failed || 0} failed, ${e.stopped || 0} stopped early, of ${e.total}` + (e.best_text == null ? "" : `. Best ${e.metric || "value"} so far: ${e.best_text} (${a})`) : `Mini-batches: ${e.done || 0} done, ${e.running || 0} running, ${e.failed || 0} failed, of ${e.total}`
			};
		});
		return (t, o) => (O(), i("div", {
			class: "pc-progress",
			"data-testid": "progress",
			"data-unit": n.progress.unit,
			"data-done": n.progress.done,
			"data-running": n.progress.running,
			"data-failed": n.progress.failed,
			"data-total": n.progress.total,
			"data-best": n.progress.best ?? "",
			title: c.value.title
		}, [
			a("div", Dd, [a("div", Od, [(O(!0), i(e, null, N(c.value.parts, (e) => (O(), i("span", {
				key: e.state,
				"data-state": e.state,
				style: S({
					width: e.width,
					background: e.color
				})
			}, null, 12, kd))), 128))]), a("span", Ad, R(c.value.count), 1)]),
			a("div", jd, [
				a("span", Md, R(c.value.running), 1),
				a("span", Nd, R(c.value.failed), 1),
				a("span", null, R(c.value.stopped), 1)
			]),
			n.progress.unit === "trials" ? (O(), i("div", Pd, [
				o[0] ||= a("span", { class: "material-icons" }, "emoji_events", -1),
				re(a("span", null, [s("best " + R(c.value.metric) + " ", 1), a("b", Fd, R(c.value.best), 1)], 512), [[W, c.value.best]]),
				re(a("span", null, "no " + R(c.value.metric) + " yet", 513), [[W, !c.value.best]])
			])) : r("", !0)
		], 8, Ed));
	}
}, zd = { class: "pc-node__head" }, Bd = { class: "pc-node__icon" }, Vd = { class: "material-icons" }, Hd = { class: "pc-node__titles" }, Ud = ["title"], Wd = ["title"], Gd = ["title"], Kd = {
	key: 0,
	class: "pc-node__kind"
}, qd = ["title"], Jd = {
	class: "pc-node__problems",
	role: "tooltip"
}, Yd = { class: "pc-node__problems-title" }, Xd = {
	key: 1,
	class: "pc-node__open",
	title: "Double-click to open this pipeline"
}, Zd = {
	key: 0,
	class: "pc-node__ports"
}, Qd = ["title"], $d = { class: "pc-port__label" }, ef = ["title"], tf = ["data-preview", "onClick"], nf = [
	"data-total",
	"data-done",
	"title"
], rf = { class: "pc-node__bar" }, af = ["data-state"], of = { class: "pc-node__count" }, sf = ["title"], cf = { class: "material-icons" }, lf = ["title"], uf = { class: "material-icons pc-node__status-icon" }, df = { class: "pc-node__status-time" }, ff = /*@__PURE__*/ Object.assign({ inheritAttrs: !1 }, {
	__name: "PipelineNode",
	props: {
		id: {
			type: String,
			required: !0
		},
		data: {
			type: Object,
			required: !0
		},
		selected: {
			type: Boolean,
			default: !1
		}
	},
	setup(o) {
		let l = o, u = h("pipelineCanvas"), d = t(() => u.statuses[l.id] || {}), f = t(() => d.value.status || "idle"), p = t(() => f.value === "completed" || f.value === "cached"), m = t(() => (l.data.inputs || []).map((e) => ({
			...e,
			title: P(e, "in"),
			style: { "--pc-port": rd(e.type) },
			cls: {
				"is-unbound": !e.bound,
				"is-optional": e.optional
			}
		}))), g = t(() => (l.data.outputs || []).map((e) => ({
			...e,
			title: P(e, "out"),
			style: { "--pc-port": rd(e.type) }
		}))), _ = t(() => Math.max(m.value.length, g.value.length)), v = t(() => l.data.problems || []), y = t(() => (l.id in u.whys ? u.whys[l.id] : l.data.why) || ""), b = t(() => y.value.startsWith("Will run")), C = t(() => {
			let e = l.data.children;
			if (!e || !e.total) return null;
			let t = d.value.children || e.counts || {}, n = e.total, r = 0, i = [];
			for (let [e, a] of Object.entries(t)) a && e !== "idle" && (r += a, i.push({
				state: e,
				n: a,
				color: od(u.states, e).color,
				width: `${100 * a / n}%`
			}));
			let a = [
				"completed",
				"cached",
				"skipped"
			].reduce((e, n) => e + (t[n] || 0), 0), o = e.noun || (n === 1 ? "step" : "steps");
			return {
				total: n,
				parts: i,
				counted: r,
				done: a,
				noun: o,
				expandable: e.expandable !== !1
			};
		}), w = t(() => d.value.progress || l.data.progress || null), T = t(() => od(u.states, f.value)), E = t(() => l.selected || u.selectedId.value === l.id), D = t(() => l.data.kind === "pipeline"), k = t(() => A(l.id, l.data.label || l.id) ? "" : l.id);
		function A(e, t) {
			let n = (e) => String(e).toLowerCase().replace(/[^a-z0-9]+/g, "");
			return n(e) === n(t);
		}
		let j = t(() => {
			let e = f.value, { started_at: t, duration_s: n } = d.value;
			return e === "running" ? t == null ? "" : Td(u.now.value - t) : e === "completed" || e === "failed" ? Td(n) : "";
		}), M = t(() => {
			let e = T.value.label;
			return f.value === "cached" ? "Reused: the outputs of an earlier run with the same inputs" : j.value ? `${e} · ${j.value}` : e;
		});
		function P(e, t) {
			let n = [`${e.name} · ${e.type}`];
			return t === "in" && e.optional && n.push("optional"), t === "in" && !e.bound && !e.optional && n.push("needs a value or a connection"), n.join(" · ");
		}
		return (t, l) => ae([
			o.data,
			f.value,
			j.value,
			E.value,
			C.value,
			y.value,
			w.value
		], () => (O(), i("div", {
			class: x(["pc-node", {
				"is-selected": E.value,
				"has-problems": v.value.length,
				"is-pipeline": D.value
			}]),
			style: S({
				"--pc-cat": H(id)(o.data.category),
				borderColor: f.value === "idle" ? void 0 : T.value.color
			}),
			"data-testid": "node",
			"data-job": o.id,
			"data-status": f.value
		}, [
			a("div", zd, [
				a("div", Bd, [a("span", Vd, R(o.data.icon || "extension"), 1)]),
				a("div", Hd, [
					a("div", {
						class: "pc-node__title",
						title: o.data.label || o.id
					}, R(o.data.label || o.id), 9, Ud),
					k.value ? (O(), i("div", {
						key: 0,
						class: "pc-node__step",
						"data-testid": "step-name",
						title: `Step name: ${k.value}`
					}, R(k.value), 9, Wd)) : r("", !0),
					a("div", {
						class: "pc-node__sub",
						title: o.data.component
					}, [D.value ? (O(), i("span", Kd, "pipeline")) : r("", !0), s(R(o.data.component), 1)], 8, Gd)
				]),
				v.value.length ? (O(), i("div", {
					key: 0,
					class: "pc-node__warn",
					title: v.value.join("\n")
				}, [l[2] ||= a("span", { class: "material-icons" }, "error_outline", -1), a("div", Jd, [a("div", Yd, R(v.value.length === 1 ? "1 problem" : `${v.value.length} problems`), 1), a("ul", null, [(O(!0), i(e, null, N(v.value, (e, t) => (O(), i("li", { key: t }, R(e), 1))), 128))])])], 8, qd)) : D.value ? (O(), i("div", Xd, [...l[3] ||= [a("span", { class: "material-icons" }, "open_in_full", -1)]])) : r("", !0)
			]),
			_.value ? (O(), i("div", Zd, [(O(!0), i(e, null, N(_.value, (e) => (O(), i("div", {
				key: e,
				class: "pc-node__row"
			}, [m.value[e - 1] ? (O(), i("div", {
				key: 0,
				class: "pc-port pc-port--in",
				title: m.value[e - 1].title
			}, [c(H(Zc), {
				id: m.value[e - 1].name,
				type: "target",
				position: H(J).Left,
				class: x(["pc-handle", m.value[e - 1].cls]),
				style: S(m.value[e - 1].style),
				"data-port": m.value[e - 1].name,
				"data-direction": "in",
				"data-type": m.value[e - 1].type
			}, null, 8, [
				"id",
				"position",
				"class",
				"style",
				"data-port",
				"data-type"
			]), a("span", $d, R(m.value[e - 1].name), 1)], 8, Qd)) : r("", !0), g.value[e - 1] ? (O(), i("div", {
				key: 1,
				class: "pc-port pc-port--out",
				title: p.value ? "Click to preview this output" : g.value[e - 1].title
			}, [a("span", {
				class: x(["pc-port__label", { "pc-port__label--preview": p.value }]),
				"data-preview": p.value ? g.value[e - 1].name : null,
				onClick: oe((t) => p.value && H(u).preview?.(o.id, g.value[e - 1].name), ["stop"])
			}, R(g.value[e - 1].name), 11, tf), c(H(Zc), {
				id: g.value[e - 1].name,
				type: "source",
				position: H(J).Right,
				class: "pc-handle",
				style: S(g.value[e - 1].style),
				"data-port": g.value[e - 1].name,
				"data-direction": "out",
				"data-type": g.value[e - 1].type
			}, null, 8, [
				"id",
				"position",
				"style",
				"data-port",
				"data-type"
			])], 8, ef)) : r("", !0)]))), 128))])) : r("", !0),
			C.value ? (O(), i("div", {
				key: 1,
				class: "pc-node__children",
				"data-testid": "children",
				"data-total": C.value.total,
				"data-done": C.value.done,
				title: `${C.value.total} ${C.value.noun} inside: ${C.value.done} done`
			}, [
				a("div", rf, [(O(!0), i(e, null, N(C.value.parts, (e) => (O(), i("span", {
					key: e.state,
					"data-state": e.state,
					style: S({
						width: e.width,
						background: e.color
					})
				}, null, 12, af))), 128))]),
				a("span", of, R(C.value.done) + "/" + R(C.value.total) + " " + R(C.value.noun), 1),
				C.value.expandable ? (O(), i("button", {
					key: 0,
					class: "pc-node__expand nodrag",
					"data-testid": "expand",
					title: "Show the steps inside",
					onClick: l[0] ||= oe((e) => H(u).expand(o.id), ["stop"])
				}, [...l[4] ||= [a("span", { class: "material-icons" }, "unfold_more", -1)]])) : r("", !0)
			], 8, nf)) : r("", !0),
			w.value ? (O(), n(Rd, {
				key: 2,
				progress: w.value,
				states: H(u).states
			}, null, 8, ["progress", "states"])) : r("", !0),
			y.value ? (O(), i("div", {
				key: 3,
				class: "pc-node__why",
				"data-testid": "why",
				title: y.value
			}, [a("span", cf, R(b.value ? "play_arrow" : "replay"), 1), a("span", null, R(b.value ? "will run" : "will re-run"), 1)], 8, sf)) : r("", !0),
			f.value === "idle" ? r("", !0) : (O(), i("div", {
				key: 4,
				class: "pc-node__status",
				title: M.value,
				style: S({ "--pc-state": T.value.color })
			}, [
				l[5] ||= a("svg", {
					class: "pc-spinner",
					viewBox: "0 0 16 16",
					"aria-hidden": "true"
				}, [a("circle", {
					cx: "8",
					cy: "8",
					r: "6",
					fill: "none",
					stroke: "currentColor",
					"stroke-opacity": "0.25",
					"stroke-width": "2.5"
				}), a("path", {
					d: "M8 2a6 6 0 0 1 6 6",
					fill: "none",
					stroke: "currentColor",
					"stroke-width": "2.5",
					"stroke-linecap": "round"
				}, [a("animateTransform", {
					attributeName: "transform",
					type: "rotate",
					from: "0 8 8",
					to: "360 8 8",
					dur: "0.8s",
					repeatCount: "indefinite"
				})])], -1),
				a("span", uf, R(T.value.icon), 1),
				a("span", null, R(T.value.label), 1),
				a("span", df, R(j.value), 1)
			], 12, lf))
		], 14, ["data-job", "data-status"])), l, 1);
	}
});
// src/wiring.js
function pf(e, t, n) {
	let r = e.kinds || [], i = t.accepts || [];
	if (r.length && i.length && !r.some((e) => i.includes(e))) return !1;
	let a = e.type, o = t.type;
	if (a == null || o == null || a === o) return !0;
	let s = n && n[a];
	return Array.isArray(s) ? s.includes(o) : !1;
}
function mf(e, t) {
	let n = /* @__PURE__ */ new Map();
	for (let e of t) n.has(e.target) || n.set(e.target, []), n.get(e.target).push(e.source);
	let r = /* @__PURE__ */ new Set([e]), i = [e];
	for (; i.length;) for (let e of n.get(i.pop()) || []) r.has(e) || (r.add(e), i.push(e));
	return r;
}
function hf(e, t) {
	return mf(e, t.map((e) => ({
		source: e.target,
		target: e.source
	})));
}
function gf(e, t, n, r) {
	let i = new Map(t.map((e) => [e.id, e])).get(e.job), a = {};
	if (!i) return a;
	if (e.direction === "out") {
		let o = (i.outputs || []).find((t) => t.name === e.port);
		if (!o) return a;
		let s = mf(e.job, n);
		for (let e of t) for (let t of e.inputs || []) a[`${e.id}\u0000in\u0000${t.name}`] = !s.has(e.id) && pf(o, t, r);
	} else {
		let o = (i.inputs || []).find((t) => t.name === e.port);
		if (!o) return a;
		let s = hf(e.job, n);
		for (let e of t) for (let t of e.outputs || []) a[`${e.id}\u0000out\u0000${t.name}`] = !s.has(e.id) && pf(t, o, r);
	}
	return a;
}
// src/CanvasView.vue
var _f = ["data-job"], vf = [
	"data-action",
	"aria-disabled",
	"title",
	"onClick"
], yf = { class: "material-icons" }, bf = { class: "pc-menu__label" }, xf = {
	key: 0,
	class: "pc-menu__hint"
}, Sf = ["data-job", "data-port"], Cf = { key: 0 }, wf = {
	key: 3,
	class: "pc-empty"
}, Tf = { class: "pc-empty__title" }, Ef = {
	key: 0,
	class: "pc-empty__text"
}, Df = 0, Of = {
	__name: "CanvasView",
	props: {
		graph: {
			type: Object,
			default: () => ({
				nodes: [],
				edges: []
			})
		},
		palette: {
			type: Array,
			default: () => []
		},
		readonly: {
			type: Boolean,
			default: !1
		},
		selected: {
			type: String,
			default: null
		},
		states: {
			type: Object,
			default: () => ({})
		},
		wiring: {
			type: Object,
			default: () => ({})
		}
	},
	emits: [
		"add_node",
		"connect",
		"move",
		"select",
		"selection",
		"delete",
		"open",
		"undo",
		"redo",
		"clipboard",
		"node_action"
	],
	setup(o, { expose: l, emit: u }) {
		let d = { type: wo.SmoothStep }, f = [
			"Control",
			"Meta",
			"Shift"
		], p = o, m = u, h = `pipeline-canvas-${++Df}`, { addSelectedNodes: g, dimensions: _, edges: y, findNode: C, fitView: E, getNodes: D, getSelectedEdges: j, getViewport: P, getSelectedNodes: F, maxZoom: I, minZoom: L, onConnect: z, onConnectEnd: B, onConnectStart: V, onEdgeClick: U, onMoveStart: ee, onNodeClick: te, onNodeContextMenu: W, onNodeDoubleClick: ne, onNodeDragStop: re, onNodesInitialized: ie, onPaneClick: ae, onPaneContextMenu: se, onSelectionContextMenu: ce, removeSelectedNodes: le, screenToFlowCoordinate: ue, setEdges: de, setNodes: fe, setCenter: pe, setViewport: me, updateNodeInternals: he, viewport: ge, zoomIn: _e, zoomOut: ve } = $(h), ye = { job: v(ff) }, be = M(null), xe = M(!0), Se = M(!1), Ce = M(!1), we = M(0), Te = M(null), Ee = M(!0), De = M(p.selected), Oe = M(Date.now() / 1e3), ke = A({}), Ae = A({}), q = M(null), je = M(null), Me = 0;
		k("pipelineCanvas", {
			statuses: ke,
			whys: Ae,
			now: Oe,
			selectedId: t(() => De.value),
			get states() {
				return p.states;
			},
			expand: (e) => m("open", { id: e }),
			preview: (e, t) => m("node_action", {
				job: e,
				action: "preview",
				port: t
			})
		});
		let Ne = "", Pe = /* @__PURE__ */ new Map(), Fe = /* @__PURE__ */ new Map(), Ie = !0, Le = !1, Re = null, ze = null, Be = -Infinity, Ve = {
			nodes: [],
			edges: []
		};
		function He(e, t) {
			if (e === t) return !0;
			if (!e || !t) return !1;
			let n = Object.keys(e);
			return n.length === Object.keys(t).length && n.every((n) => e[n] === t[n]);
		}
		function Ue(e, t) {
			return e && e.status === t.status && e.started_at === t.started_at && e.duration_s === t.duration_s && He(e.children, t.children) && He(e.progress, t.progress);
		}
		function We(e, t) {
			let n = {
				status: t.status || "idle",
				started_at: t.started_at ?? null,
				duration_s: t.duration_s ?? null,
				children: t.children ?? null,
				progress: t.progress ?? null
			};
			Ue(ke[e], n) || (ke[e] = n, n.status === "running" && (Oe.value = Date.now() / 1e3));
		}
		function Ge(e) {
			let t = JSON.stringify(e || {});
			if (t === Ne) return;
			Ne = t;
			let n = JSON.parse(t);
			Ve = {
				nodes: n.nodes || [],
				edges: n.edges || []
			};
			let r = /* @__PURE__ */ new Map(), i = (n.nodes || []).map((e) => {
				let t = JSON.stringify(e), n = Fe.get(e.id), i = n && n.text === t ? n.node : e;
				return r.set(e.id, {
					node: i,
					text: t
				}), i;
			});
			Fe = r;
			let a = /* @__PURE__ */ new Map(), o = /* @__PURE__ */ new Map(), s = [];
			for (let e of i) {
				let t = JSON.stringify([e.inputs, e.outputs]), n = Pe.get(e.id);
				n !== void 0 && n !== t && s.push(e.id), o.set(e.id, t);
				for (let t of e.outputs || []) a.set(`${e.id}\u0000${t.name}`, t.type);
				We(e.id, {
					...e,
					children: e.children?.counts ?? null
				});
			}
			let c = i.some((e) => Pe.has(e.id));
			for (let e of Object.keys(ke)) o.has(e) || delete ke[e];
			for (let e of Object.keys(Ae)) o.has(e) || delete Ae[e];
			q.value && !o.has(q.value.job) && (q.value = null), c || (Ie = !(i.length === 1 && performance.now() - Be < 1e4)), Be = -Infinity, Pe = o, we.value = i.length;
			let l = () => {
				fe(i.map((e) => ({
					id: e.id,
					type: "job",
					position: {
						x: Number(e.x) || 0,
						y: Number(e.y) || 0
					},
					data: v(e)
				}))), de((n.edges || []).map((e) => {
					let t = a.get(`${e.source}\u0000${e.source_port}`);
					return {
						id: e.id,
						source: e.source,
						target: e.target,
						sourceHandle: e.source_port,
						targetHandle: e.target_port,
						type: "smoothstep",
						pathOptions: {
							borderRadius: 12,
							offset: 20
						},
						class: "pc-edge",
						style: bt(t, ke[e.target]?.status === "running"),
						data: {
							type: t,
							running: ke[e.target]?.status === "running"
						}
					};
				})), s.length && b(() => he(s)), b(() => ze ? qe() : Ke({ keepMany: !0 }));
			};
			Le ? l() : Re = l;
		}
		G(() => p.graph, Ge, { immediate: !0 });
		function Ke({ keepMany: e = !1 } = {}) {
			let t = De.value, n = F.value;
			if (t == null) {
				n.length && !(e && n.length > 1) && le(n);
				return;
			}
			if (n.some((e) => e.id === t)) return;
			let r = C(t);
			n.length && le(n), r && g([r]);
		}
		function qe() {
			let e = ze || [], t = e.map((e) => C(String(e))).filter(Boolean);
			if (t.length < e.length) return;
			ze = null;
			let n = F.value;
			n.length && le(n), t.length && g(t);
		}
		let Je = t(() => F.value.map((e) => e.id).join("\0"));
		G(Je, (e) => m("selection", { ids: e ? e.split("\0") : [] })), G(() => p.selected, (e) => {
			De.value = e, Ke();
		});
		let Ye = !1, Xe = .6, Ze = .08;
		function Qe() {
			let e = D.value.filter((e) => e.dimensions.width && e.dimensions.height && !e.hidden), { width: t, height: n } = _.value;
			if (!e.length || !t || !n) return null;
			let r = ds(e), i = _s(r, t, n, L.value, Math.min(1, I.value), Ze);
			if (i.zoom >= .34) return i;
			let a = n / 2 - (r.y + r.height / 2) * Xe, o = 24 - r.y * Xe;
			return {
				x: 24 - r.x * Xe,
				y: Math.max(a, o),
				zoom: Xe
			};
		}
		let $e = "";
		function et(e = {}) {
			let t = Qe();
			return t ? ($e = `${_.value.width}x${_.value.height}`, be.value?.setAttribute("data-hit", String(tt(t.zoom))), me(t, e)) : Promise.resolve(!1);
		}
		function tt(e) {
			return Math.min(48, Math.max(24, Math.ceil(16 / Math.max(e, .01) / 4) * 4));
		}
		G(() => tt(ge.value.zoom), (e) => {
			be.value && be.value.getAttribute("data-hit") !== String(e) && be.value.setAttribute("data-hit", String(e));
		}, { flush: "post" }), ie(() => {
			Ie && (Ie = !1, Ye = !0, et());
		});
		function nt() {
			Ye = !1;
		}
		let rt = null;
		function it(e) {
			rt = {
				x: e.clientX,
				y: e.clientY
			};
		}
		function at() {
			rt = null;
		}
		let ot = (e) => Math.round(e * 10) / 10;
		z((e) => {
			m("connect", {
				source: e.source,
				source_port: e.sourceHandle,
				target: e.target,
				target_port: e.targetHandle
			});
		});
		function st({ nodeId: e, handleId: t, handleType: n }) {
			wt();
			let r = be.value;
			if (!r || p.readonly || e == null || t == null) return;
			let i = {
				job: e,
				port: t,
				direction: n === "target" ? "in" : "out"
			}, a = gf(i, Ve.nodes, Ve.edges, p.wiring);
			for (let e of r.querySelectorAll(".pc-handle[data-port]")) {
				let t = `${e.closest("[data-job]")?.getAttribute("data-job")}\u0000${e.dataset.direction}\u0000${e.dataset.port}`;
				if (!(t in a)) continue;
				let n = a[t] ? "yes" : "no";
				e.setAttribute("data-fit", n), e.closest(".pc-port")?.setAttribute("data-fit", n);
			}
			r.setAttribute("data-wiring", i.direction);
		}
		function ct() {
			let e = be.value;
			if (e) {
				e.removeAttribute("data-wiring");
				for (let t of e.querySelectorAll("[data-fit]")) t.removeAttribute("data-fit");
			}
		}
		V(st), B(ct), re(({ nodes: e }) => {
			!p.readonly && e.length && m("move", { moves: e.map((e) => ({
				id: e.id,
				x: ot(e.position.x),
				y: ot(e.position.y)
			})) });
		}), te(({ node: e }) => {
			q.value = null, m("select", { id: e.id });
		}), ae(() => {
			q.value = null, wt(), m("select", { id: null });
		}), U(() => m("select", { id: null })), ne(({ node: e }) => m("open", { id: e.id })), W(({ event: e, node: t }) => lt(e, t)), ce(({ event: e }) => {
			e.preventDefault();
			let t = document.elementsFromPoint(e.clientX, e.clientY).find((e) => e.matches?.("[data-testid=node]")), n = t && C(t.getAttribute("data-job"));
			n && lt(e, n);
		});
		function lt(e, t) {
			e.preventDefault();
			let n = Te.value?.getBoundingClientRect();
			if (!n) return;
			let r = ut(t), i = Math.min(e.clientX - n.left, n.width - 190 - 4), a = Math.min(e.clientY - n.top, n.height - (r.length * 34 + 12)), o = F.value.map((e) => e.id), s = o.length > 1 && o.includes(t.id) ? o : [t.id];
			q.value = {
				job: t.id,
				nodes: s,
				x: Math.max(4, i),
				y: Math.max(4, a),
				items: r
			}, s.length === 1 && De.value !== t.id && m("select", { id: t.id });
		}
		se((e) => {
			e.preventDefault(), q.value = null;
		}), ee(() => {
			q.value = null, wt();
		});
		function ut(e) {
			let t = ke[e.id]?.status, n = t === "completed" || t === "cached", r = e.data?.outputs || [], i = e.data?.inputs || [], a = {
				action: "preview",
				icon: "table_view",
				label: "Preview output",
				disabled: !r.length || !n,
				title: r.length ? n ? "Open the table this step wrote" : "This step has not run yet: run the pipeline first" : "This step has no outputs"
			}, o = [{
				action: "run_only",
				icon: "play_arrow",
				label: "Run this step"
			}, {
				action: "run_from",
				icon: "fast_forward",
				label: "Run from here"
			}];
			return p.readonly ? [a, ...o] : [
				{
					action: "rename",
					icon: "edit",
					label: "Rename…"
				},
				{
					action: "duplicate",
					icon: "content_copy",
					label: "Duplicate",
					hint: "Ctrl+D"
				},
				{
					action: "promote",
					icon: "input",
					label: "Make pipeline input…",
					disabled: !i.length,
					title: i.length ? "Set one of its inputs for the whole pipeline" : "This step has no inputs"
				},
				a,
				...o,
				{
					action: "delete",
					icon: "delete",
					label: "Delete",
					hint: "Del",
					danger: !0
				}
			];
		}
		function dt(e) {
			let { job: t, nodes: n } = q.value || {};
			e.disabled || (q.value = null, t != null && (e.action === "duplicate" || e.action === "delete" ? m("node_action", {
				job: t,
				action: e.action,
				nodes: n
			}) : m("node_action", {
				job: t,
				action: e.action
			})));
		}
		function ft(e) {
			q.value && !(e.target instanceof Element && e.target.closest(".pc-menu")) && (q.value = null);
		}
		function pt(e) {
			return e.source !== e.target;
		}
		function mt(e) {
			return !p.readonly && Array.from(e.dataTransfer?.types || []).includes("application/x-pipeline-component");
		}
		function ht(e) {
			mt(e) && (e.preventDefault(), e.dataTransfer.dropEffect = "copy", Se.value = !0);
		}
		function gt(e) {
			e.currentTarget.contains(e.relatedTarget) || (Se.value = !1);
		}
		function _t(e) {
			if (Se.value = !1, !mt(e)) return;
			e.preventDefault();
			let t;
			try {
				t = JSON.parse(e.dataTransfer.getData(Qu));
			} catch {
				return;
			}
			let n = ue({
				x: e.clientX,
				y: e.clientY
			});
			Be = performance.now(), m("add_node", {
				component: t.name,
				version: t.version,
				x: ot(n.x - 110),
				y: ot(n.y - 20)
			});
		}
		function vt(e) {
			return e instanceof Element && !!e.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']");
		}
		function yt(e) {
			if (q.value && e.key === "Escape") {
				q.value = null;
				return;
			}
			if (e.defaultPrevented || vt(e.target)) return;
			let t = be.value;
			if (!t || !t.isConnected || t.offsetParent === null || e.target instanceof Element && e.target.closest(".q-dialog, .q-menu") && !t.contains(e.target) || document.querySelector(".q-dialog")) return;
			let n = e.key.toLowerCase(), r = e.ctrlKey || e.metaKey, i = r && !e.shiftKey && !e.altKey, a = () => F.value.map((e) => e.id);
			if (i && n === "a") e.preventDefault(), g(D.value);
			else if (i && n === "c") {
				let t = a();
				if (!t.length) return;
				e.preventDefault(), m("clipboard", {
					action: "copy",
					nodes: t
				});
			} else if (!p.readonly) {
				if (i && n === "d") {
					e.preventDefault();
					let t = a();
					t.length && m("clipboard", {
						action: "duplicate",
						nodes: t
					});
				} else if (i && n === "v") {
					e.preventDefault();
					let t = Te.value?.getBoundingClientRect(), n = rt && t && rt.x >= t.left && rt.x <= t.right && rt.y >= t.top && rt.y <= t.bottom ? ue(rt) : null;
					m("clipboard", {
						action: "paste",
						x: n ? ot(n.x) : null,
						y: n ? ot(n.y) : null
					});
				} else if (r && n === "z" && !e.shiftKey) e.preventDefault(), m("undo");
				else if (r && (n === "z" && e.shiftKey || n === "y")) e.preventDefault(), m("redo");
				else if (!r && (e.key === "Delete" || e.key === "Backspace")) {
					let t = F.value.map((e) => e.id), n = j.value.map((e) => e.id);
					if (!t.length && !n.length) return;
					e.preventDefault(), m("delete", {
						nodes: t,
						edges: n
					});
				}
			}
		}
		function bt(e, t) {
			let n = rd(e);
			return t ? {
				stroke: n,
				strokeDasharray: "5",
				animation: "dashdraw 0.5s linear infinite"
			} : { stroke: n };
		}
		function xt(e) {
			let t = e || {};
			for (let [e, n] of Object.entries(t)) We(e, n || {});
			for (let e of y.value) {
				if (!(e.target in t)) continue;
				let n = ke[e.target]?.status === "running";
				e.data?.running !== n && (e.data = {
					...e.data,
					running: n
				}, e.style = bt(e.data.type, n));
			}
		}
		function St(e) {
			for (let [t, n] of Object.entries(e || {})) Ae[t] = n ? String(n) : null;
		}
		function Ct(e, t, n) {
			wt();
			let r = Te.value?.getBoundingClientRect(), i = be.value?.querySelector(`[data-job="${CSS.escape(String(e))}"] [data-port="${CSS.escape(String(t))}"][data-direction="in"]`);
			if (!r) return;
			let a = i?.getBoundingClientRect() || {
				left: r.left + r.width / 2,
				bottom: r.top + 40
			}, o = Math.min(Math.max(4, a.left - r.left - 16), r.width - 300 - 4), s = Math.min(a.bottom - r.top + 10, r.height - 90), c = String(n).split("*").map((e, t) => ({
				text: e,
				em: t % 2 == 1
			}));
			je.value = {
				job: String(e),
				port: String(t),
				parts: c,
				x: o,
				y: s
			}, Me = window.setTimeout(wt, 12e3);
		}
		function wt() {
			window.clearTimeout(Me), je.value = null;
		}
		function Tt(e) {
			ze = null, De.value = e ?? null, Ke();
		}
		function Et(e) {
			let t = (e || []).map(String);
			De.value = t.length === 1 ? t[0] : null, ze = t, qe();
		}
		function Dt(e = {}) {
			return e.readable ? et({ duration: 200 }) : E({
				padding: Ze,
				maxZoom: 1,
				duration: 200
			});
		}
		function Ot(e) {
			let t = e == null ? null : C(String(e));
			if (!t) return;
			let { width: n = 0, height: r = 0 } = t.dimensions || {}, i = Math.min(1, Math.max(P().zoom, .7));
			return pe(t.computedPosition.x + n / 2, t.computedPosition.y + r / 2, {
				zoom: i,
				duration: 250
			});
		}
		l({
			fit: Dt,
			zoomIn: () => _e({ duration: 150 }),
			zoomOut: () => ve({ duration: 150 }),
			setStatuses: xt,
			setWhys: St,
			setSelected: Tt,
			selectNodes: Et,
			showRefusal: Ct,
			focus: Ot
		});
		function kt(e) {
			let t = ke[e.id]?.status;
			return t && t !== "idle" ? od(p.states, t).color : id(e.data?.category);
		}
		let At = 0, jt = null, Mt = null;
		function Nt() {
			if (Le) return;
			Le = !0;
			let e = Re;
			Re = null, e?.();
		}
		return T(() => {
			window.requestAnimationFrame(() => window.setTimeout(Nt, 0)), window.setTimeout(Nt, 250), At = window.setInterval(() => Oe.value = Date.now() / 1e3, 1e3);
			let e = () => Ce.value = document.body.classList.contains("body--dark");
			jt = new MutationObserver(e), jt.observe(document.body, {
				attributes: !0,
				attributeFilter: ["class"]
			}), e(), window.addEventListener("keydown", yt), document.addEventListener("pointerdown", ft, !0), Mt = new ResizeObserver(([e]) => {
				Ee.value = e.contentRect.width >= 760, window.requestAnimationFrame(() => {
					let e = `${_.value.width}x${_.value.height}`;
					Ye && !Ie && e !== $e && et();
				});
			}), Mt.observe(Te.value);
		}), w(() => {
			window.clearInterval(At), jt?.disconnect(), Mt?.disconnect(), window.removeEventListener("keydown", yt), document.removeEventListener("pointerdown", ft, !0);
		}), (t, l) => (O(), i("div", {
			ref_key: "root",
			ref: be,
			class: x(["pc-root", {
				"pc-dark": Ce.value,
				"is-readonly": o.readonly
			}]),
			"data-hit": "24",
			"data-testid": "canvas"
		}, [!o.readonly && xe.value ? (O(), n(wd, {
			key: 0,
			palette: o.palette,
			onCollapse: l[0] ||= (e) => xe.value = !1
		}, null, 8, ["palette"])) : r("", !0), a("div", {
			ref_key: "flowArea",
			ref: Te,
			class: x(["pc-flow", { "is-drop-target": Se.value }]),
			onWheelPassive: nt,
			onPointerdown: nt,
			onPointermovePassive: it,
			onPointerleave: at,
			onDragover: ht,
			onDragleave: gt,
			onDrop: _t
		}, [
			c(H(uu), {
				id: h,
				"node-types": ye,
				"nodes-draggable": !o.readonly,
				"nodes-connectable": !o.readonly,
				"nodes-focusable": !1,
				"edges-focusable": !1,
				"edges-updatable": !1,
				"elements-selectable": !0,
				"delete-key-code": null,
				"multi-selection-key-code": f,
				"zoom-on-double-click": !1,
				"min-zoom": .1,
				"max-zoom": 2,
				"snap-to-grid": !0,
				"snap-grid": [10, 10],
				"connection-mode": H(To).Strict,
				"connection-line-options": d,
				"is-valid-connection": pt,
				"connection-radius": 24
			}, {
				default: K(() => [
					c(H(bu), {
						variant: "dots",
						gap: 20,
						size: 1.4,
						"pattern-color": Ce.value ? "#2f3a4d" : "#c3cad6"
					}, null, 8, ["pattern-color"]),
					we.value && Ee.value ? (O(), n(Zu, {
						key: 0,
						"node-color": kt,
						dark: Ce.value
					}, null, 8, ["dark"])) : r("", !0),
					c(H(Ku), {
						"show-interactive": !1,
						position: "bottom-left"
					})
				]),
				_: 1
			}, 8, [
				"nodes-draggable",
				"nodes-connectable",
				"connection-mode"
			]),
			!o.readonly && !xe.value ? (O(), i("button", {
				key: 0,
				class: "pc-palette-open",
				title: "Show the component list",
				onClick: l[1] ||= (e) => xe.value = !0
			}, [...l[3] ||= [a("span", { class: "material-icons" }, "widgets", -1), a("span", null, "Components", -1)]])) : r("", !0),
			q.value ? (O(), i("div", {
				key: 1,
				class: "pc-menu",
				role: "menu",
				"data-testid": "node-menu",
				"data-job": q.value.job,
				style: S({
					left: `${q.value.x}px`,
					top: `${q.value.y}px`,
					width: "190px"
				}),
				onContextmenu: l[2] ||= oe(() => {}, ["prevent"])
			}, [(O(!0), i(e, null, N(q.value.items, (e) => (O(), i("button", {
				key: e.action,
				class: x(["pc-menu__item", {
					"is-danger": e.danger,
					"is-disabled": e.disabled
				}]),
				role: "menuitem",
				"data-action": e.action,
				"aria-disabled": e.disabled ? "true" : "false",
				title: e.title || null,
				onClick: (t) => dt(e)
			}, [
				a("span", yf, R(e.icon), 1),
				a("span", bf, R(e.label), 1),
				e.hint ? (O(), i("span", xf, R(e.hint), 1)) : r("", !0)
			], 10, vf))), 128))], 44, _f)) : r("", !0),
			je.value ? (O(), i("div", {
				key: 2,
				class: "pc-refusal",
				role: "alert",
				"data-testid": "wire-refusal",
				"data-job": je.value.job,
				"data-port": je.value.port,
				style: S({
					left: `${je.value.x}px`,
					top: `${je.value.y}px`,
					maxWidth: "300px"
				}),
				onClick: wt
			}, [l[4] ||= a("span", { class: "material-icons" }, "link_off", -1), a("span", null, [(O(!0), i(e, null, N(je.value.parts, (t, n) => (O(), i(e, { key: n }, [t.em ? (O(), i("em", Cf, R(t.text), 1)) : (O(), i(e, { key: 1 }, [s(R(t.text), 1)], 64))], 64))), 128))])], 12, Sf)) : r("", !0),
			we.value ? r("", !0) : (O(), i("div", wf, [
				l[5] ||= a("span", { class: "material-icons" }, "account_tree", -1),
				a("div", Tf, R(o.readonly ? "Nothing to show" : "Start your pipeline"), 1),
				o.readonly ? r("", !0) : (O(), i("div", Ef, " Drag a component from the list on the left and drop it here. "))
			]))
		], 34)], 2));
	}
}, kf = /*@__PURE__*/ Object.assign({ inheritAttrs: !1 }, {
	__name: "PipelineCanvas",
	props: {
		graph: {
			type: Object,
			default: () => ({
				nodes: [],
				edges: []
			})
		},
		palette: {
			type: Array,
			default: () => []
		},
		readonly: {
			type: Boolean,
			default: !1
		},
		selected: {
			type: String,
			default: null
		},
		states: {
			type: Object,
			default: () => ({})
		},
		wiring: {
			type: Object,
			default: () => ({})
		}
	},
	emits: [
		"add_node",
		"connect",
		"move",
		"select",
		"selection",
		"delete",
		"open",
		"undo",
		"redo",
		"clipboard",
		"node_action"
	],
	setup(e, { expose: t, emit: r }) {
		let i = r, a = [
			"add_node",
			"connect",
			"move",
			"select",
			"selection",
			"delete",
			"open",
			"undo",
			"redo",
			"clipboard",
			"node_action"
		], o = M(null), s = Object.fromEntries(a.map((e) => [e, (...t) => i(e, ...t)]));
		return t({
			fit: (e) => o.value?.fit(e),
			zoomIn: () => o.value?.zoomIn(),
			zoomOut: () => o.value?.zoomOut(),
			setStatuses: (e) => o.value?.setStatuses(e),
			setWhys: (e) => o.value?.setWhys(e),
			setSelected: (e) => o.value?.setSelected(e),
			selectNodes: (e) => o.value?.selectNodes(e),
			showRefusal: (e, t, n) => o.value?.showRefusal(e, t, n),
			focus: (e) => o.value?.focus(e)
		}), (t, r) => (O(), n(Of, y({
			ref_key: "view",
			ref: o
		}, t.$attrs, {
			graph: e.graph,
			palette: e.palette,
			readonly: e.readonly,
			selected: e.selected,
			states: e.states,
			wiring: e.wiring,
			onAdd_node: H(s).add_node,
			onConnect: H(s).connect,
			onMove: H(s).move,
			onSelect: H(s).select,
			onSelection: H(s).selection,
			onDelete: H(s).delete,
			onOpen: H(s).open,
			onUndo: H(s).undo,
			onRedo: H(s).redo,
			onClipboard: H(s).clipboard,
			onNode_action: H(s).node_action
		}), null, 16, [
			"graph",
			"palette",
			"readonly",
			"selected",
			"states",
			"wiring",
			"onAdd_node",
			"onConnect",
			"onMove",
			"onSelect",
			"onSelection",
			"onDelete",
			"onOpen",
			"onUndo",
			"onRedo",
			"onClipboard",
			"onNode_action"
		]));
	}
}), Af = "pipeline-canvas-styles";
if (typeof document < "u" && !document.getElementById(Af)) {
	let e = document.createElement("style");
	e.id = Af, e.textContent = [
		se,
		ce,
		le
	].join("\n"), document.head.appendChild(e);
}
var jf = kf;
export { kf as PipelineCanvas, jf as default };
