// relocgraph's light renderer for large graphs. vis-network builds a rich object per
// node and per edge (about a third of a millisecond each on a loaded 2-core machine),
// so a 5,000-node page spends seconds before its first draw. Positions are computed
// ahead anyway, so this renderer keeps plain arrays and draws them on one canvas:
// the same small API as vis.Network and vis.DataSet that graph.js uses.
(function () {
  "use strict";

  // ---- a minimal DataSet --------------------------------------------------
  function LiteDataSet(items) {
    this._items = items;
    this._byId = {};
    for (var i = 0; i < items.length; i++) this._byId[items[i].id] = items[i];
    this._handlers = [];
    this.length = items.length;
  }
  LiteDataSet.prototype.get = function (arg) {
    if (arg && typeof arg === "object" && arg.filter) return this._items.filter(arg.filter);
    if (arg === undefined) return this._items.slice();
    return this._byId[arg] || null;
  };
  LiteDataSet.prototype.getIds = function () { return this._items.map(function (x) { return x.id; }); };
  LiteDataSet.prototype.forEach = function (fn) { this._items.forEach(fn); };
  LiteDataSet.prototype.update = function (changes) {
    var self = this;
    changes.forEach(function (c) {
      var item = self._byId[c.id];
      if (item) Object.keys(c).forEach(function (k) { item[k] = c[k]; });
    });
    this._handlers.forEach(function (h) { h("update", { items: changes.map(function (c) { return c.id; }) }); });
  };
  LiteDataSet.prototype.on = function (event, fn) { if (event === "update" || event === "*") this._handlers.push(fn); };

  // ---- shapes -----------------------------------------------------------------
  function shapePath(ctx, shape, x, y, r) {
    if (shape === "square") { ctx.rect(x - r, y - r, 2 * r, 2 * r); return; }
    if (shape === "diamond") { ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y); ctx.closePath(); return; }
    if (shape === "triangle") { ctx.moveTo(x, y - r); ctx.lineTo(x + r, y + r * 0.8); ctx.lineTo(x - r, y + r * 0.8); ctx.closePath(); return; }
    if (shape === "triangleDown") { ctx.moveTo(x, y + r); ctx.lineTo(x + r, y - r * 0.8); ctx.lineTo(x - r, y - r * 0.8); ctx.closePath(); return; }
    ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, 2 * Math.PI);
  }

  // ---- the network ------------------------------------------------------------
  function LiteNetwork(container, data, options) {
    var self = this;
    this.container = container;
    this.nodesData = data.nodes;
    this.edgesData = data.edges;
    this.options = options || {};
    this.groups = this.options.groups || {};
    this.listeners = {};
    this.selected = [];
    this.scale = 1; this.cx = 0; this.cy = 0;
    this.canvas = document.createElement("canvas");
    this.canvas.style.display = "block";
    this.canvas.style.width = "100%";
    this.canvas.style.height = "100%";
    container.appendChild(this.canvas);
    this.ctx = this.canvas.getContext("2d");

    var nodes = this.nodesData.get();
    this.nodeList = nodes;
    this.index = {};
    for (var i = 0; i < nodes.length; i++) this.index[nodes[i].id] = i;
    this.edgeList = this.edgesData.get();
    this.adjacent = {};
    for (var j = 0; j < this.edgeList.length; j++) {
      var e = this.edgeList[j];
      (this.adjacent[e.from] = this.adjacent[e.from] || []).push(e.id);
      if (e.to !== e.from) (this.adjacent[e.to] = this.adjacent[e.to] || []).push(e.id);
    }
    this.body = {};
    Object.defineProperty(this.body, "nodeIndices", { get: function () {
      return self.nodeList.filter(function (n) { return !n.hidden; }).map(function (n) { return n.id; }); } });
    Object.defineProperty(this.body, "edgeIndices", { get: function () {
      return self.edgeList.filter(function (e) { return !e.hidden; }).map(function (e) { return e.id; }); } });
    this.nodesData.on("update", function () { self.redraw(); });
    this.edgesData.on("update", function () { self.redraw(); });
    this._buildGrid();
    this._resize();
    this.fit();
    this._bind();
    window.addEventListener("resize", function () { self._resize(); self.redraw(); });
  }

  LiteNetwork.prototype.on = function (event, fn) { (this.listeners[event] = this.listeners[event] || []).push(fn); };
  LiteNetwork.prototype.once = function (event, fn) {
    var self = this;
    var wrapper = function (p) { self.off(event, wrapper); fn(p); };
    this.on(event, wrapper);
  };
  LiteNetwork.prototype.off = function (event, fn) {
    this.listeners[event] = (this.listeners[event] || []).filter(function (f) { return f !== fn; });
  };
  LiteNetwork.prototype._emit = function (event, params) {
    (this.listeners[event] || []).slice().forEach(function (fn) { fn(params); });
  };

  LiteNetwork.prototype._resize = function () {
    var ratio = window.devicePixelRatio || 1;
    this.width = this.container.clientWidth || 800;
    this.height = this.container.clientHeight || 600;
    this.canvas.width = Math.round(this.width * ratio);
    this.canvas.height = Math.round(this.height * ratio);
    this.ratio = ratio;
  };

  // Nodes bucketed on a grid of world cells, for picking under the pointer.
  LiteNetwork.prototype._buildGrid = function () {
    this.cell = 200;
    this.grid = {};
    for (var i = 0; i < this.nodeList.length; i++) {
      var n = this.nodeList[i];
      var key = Math.floor(n.x / this.cell) + ":" + Math.floor(n.y / this.cell);
      (this.grid[key] = this.grid[key] || []).push(i);
    }
  };

  LiteNetwork.prototype._radius = function (n) { return n.size || (this.options.nodes && this.options.nodes.size) || 12; };
  LiteNetwork.prototype._style = function (n) {
    var g = this.groups[n.group] || {};
    var colour = (n.color && n.color.background) || (g.color && g.color.background) || "#97c2fc";
    var border = (n.color && n.color.border) || "#333333";
    return { colour: colour, border: border, shape: n.shape || g.shape || "dot", width: n.borderWidth || 1 };
  };

  LiteNetwork.prototype.canvasToDOM = function (p) {
    return { x: (p.x - this.cx) * this.scale + this.width / 2, y: (p.y - this.cy) * this.scale + this.height / 2 };
  };
  LiteNetwork.prototype.DOMtoCanvas = function (p) {
    return { x: (p.x - this.width / 2) / this.scale + this.cx, y: (p.y - this.height / 2) / this.scale + this.cy };
  };
  LiteNetwork.prototype.getScale = function () { return this.scale; };
  LiteNetwork.prototype.getViewPosition = function () { return { x: this.cx, y: this.cy }; };
  LiteNetwork.prototype.getPositions = function (ids) {
    var out = {}, self = this;
    (ids || Object.keys(this.index)).forEach(function (id) {
      var n = self.nodeList[self.index[id]];
      if (n) out[id] = { x: n.x, y: n.y };
    });
    return out;
  };
  LiteNetwork.prototype.moveTo = function (o) {
    if (o.position) { this.cx = o.position.x; this.cy = o.position.y; }
    if (o.scale) this.scale = o.scale;
    this.redraw();
  };
  LiteNetwork.prototype.fit = function () {
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    this.nodeList.forEach(function (n) {
      if (n.hidden) return;
      if (n.x < minX) minX = n.x; if (n.x > maxX) maxX = n.x;
      if (n.y < minY) minY = n.y; if (n.y > maxY) maxY = n.y;
    });
    if (minX === Infinity) { minX = maxX = minY = maxY = 0; }
    this.cx = (minX + maxX) / 2; this.cy = (minY + maxY) / 2;
    this.scale = Math.min(this.width / (maxX - minX + 100), this.height / (maxY - minY + 100), 2);
    this.redraw();
  };
  LiteNetwork.prototype.focus = function (id, o) {
    var n = this.nodeList[this.index[id]];
    if (!n) return;
    this.cx = n.x; this.cy = n.y;
    if (o && o.scale) this.scale = o.scale;
    this.redraw();
  };
  LiteNetwork.prototype.selectNodes = function (ids) { this.selected = ids.slice(); this.redraw(); };
  LiteNetwork.prototype.getSelectedNodes = function () { return this.selected.slice(); };
  LiteNetwork.prototype.getConnectedEdges = function (id) { return (this.adjacent[id] || []).slice(); };

  LiteNetwork.prototype.redraw = function () {
    var self = this;
    if (this._pending) return;
    this._pending = true;
    requestAnimationFrame(function () { self._pending = false; self._draw(); });
  };

  LiteNetwork.prototype._draw = function () {
    var ctx = this.ctx, s = this.scale, w = this.width, h = this.height;
    var ox = w / 2 - this.cx * s, oy = h / 2 - this.cy * s;
    var nodes = this.nodeList, index = this.index, i, n, e, a, b;
    ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    ctx.clearRect(0, 0, w, h);
    var chosen = {};
    this.selected.forEach(function (id) { chosen[id] = true; });
    // Edges: one path per colour and dash style.
    var batches = {};
    for (i = 0; i < this.edgeList.length; i++) {
      e = this.edgeList[i];
      if (e.hidden) continue;
      a = nodes[index[e.from]]; b = nodes[index[e.to]];
      if (!a || !b || a.hidden || b.hidden) continue;
      var hot = chosen[e.from] || chosen[e.to];
      var key = (hot ? "#333333" : ((e.color && e.color.color) || "#9a9a9a")) + (e.dashes ? "|d" : "|s") + (hot ? "|h" : "");
      (batches[key] = batches[key] || []).push(a.x * s + ox, a.y * s + oy, b.x * s + ox, b.y * s + oy);
    }
    Object.keys(batches).sort().forEach(function (key) {
      var parts = key.split("|"), pts = batches[key];
      ctx.beginPath();
      for (var k = 0; k < pts.length; k += 4) { ctx.moveTo(pts[k], pts[k + 1]); ctx.lineTo(pts[k + 2], pts[k + 3]); }
      ctx.strokeStyle = parts[0];
      ctx.lineWidth = parts[2] ? 1.5 : 0.6;
      ctx.setLineDash(parts[1] === "d" ? [5, 4] : []);
      ctx.stroke();
    });
    ctx.setLineDash([]);
    // Nodes: one path per colour, shape and border.
    var nodeBatches = {}, labelled = [];
    var showLabels = 14 * s >= 6;
    for (i = 0; i < nodes.length; i++) {
      n = nodes[i];
      if (n.hidden) continue;
      var x = n.x * s + ox, y = n.y * s + oy, r = Math.max(1.5, this._radius(n) * s);
      if (x < -r || y < -r || x > w + r || y > h + r) continue;
      var st = this._style(n);
      var bkey = st.colour + "|" + st.border + "|" + st.width + "|" + st.shape;
      (nodeBatches[bkey] = nodeBatches[bkey] || []).push(x, y, r);
      if (showLabels && labelled.length < 1500) labelled.push([n, x, y, r]);
    }
    Object.keys(nodeBatches).sort().forEach(function (key) {
      var parts = key.split("|"), pts = nodeBatches[key];
      ctx.beginPath();
      for (var k = 0; k < pts.length; k += 3) shapePath(ctx, parts[3], pts[k], pts[k + 1], pts[k + 2]);
      ctx.fillStyle = parts[0];
      ctx.fill();
      ctx.lineWidth = Math.min(Number(parts[2]) * s, Number(parts[2]));
      ctx.strokeStyle = parts[1];
      if (s > 0.15) ctx.stroke();
    });
    var self = this;
    this.selected.forEach(function (id) {
      var m = nodes[index[id]];
      if (!m || m.hidden) return;
      ctx.beginPath();
      ctx.arc(m.x * s + ox, m.y * s + oy, Math.max(6, self._radius(m) * s) + 4, 0, 2 * Math.PI);
      ctx.lineWidth = 3; ctx.strokeStyle = "#1f5fa8"; ctx.stroke();
    });
    if (labelled.length) {
      ctx.font = Math.round(14 * Math.min(s, 1.5)) + "px sans-serif";
      ctx.textAlign = "center"; ctx.textBaseline = "top";
      ctx.lineWidth = 3; ctx.strokeStyle = "#ffffff"; ctx.fillStyle = "#222222";
      var lineHeight = Math.round(14 * Math.min(s, 1.5));
      labelled.forEach(function (l) {
        String(l[0].label).split("\n").forEach(function (line, k) {
          ctx.strokeText(line, l[1], l[2] + l[3] + 2 + k * lineHeight);
          ctx.fillText(line, l[1], l[2] + l[3] + 2 + k * lineHeight);
        });
      });
    }
    this._emit("afterDrawing", ctx);
  };

  LiteNetwork.prototype._nodeAt = function (dom) {
    var p = this.DOMtoCanvas(dom), best = null, bestD = Infinity;
    var gx = Math.floor(p.x / this.cell), gy = Math.floor(p.y / this.cell);
    for (var dx = -1; dx <= 1; dx++) for (var dy = -1; dy <= 1; dy++) {
      var bucket = this.grid[(gx + dx) + ":" + (gy + dy)] || [];
      for (var k = 0; k < bucket.length; k++) {
        var n = this.nodeList[bucket[k]];
        if (n.hidden) continue;
        var d = Math.hypot(n.x - p.x, n.y - p.y), r = Math.max(this._radius(n), 4 / this.scale);
        if (d <= r && d < bestD) { best = n.id; bestD = d; }
      }
    }
    return best;
  };
  LiteNetwork.prototype._edgeAt = function (dom) {
    var p = this.DOMtoCanvas(dom), tolerance = 4 / this.scale, best = null, bestD = tolerance;
    for (var i = 0; i < this.edgeList.length; i++) {
      var e = this.edgeList[i];
      if (e.hidden) continue;
      var a = this.nodeList[this.index[e.from]], b = this.nodeList[this.index[e.to]];
      if (!a || !b || a.hidden || b.hidden) continue;
      var vx = b.x - a.x, vy = b.y - a.y, len = vx * vx + vy * vy;
      var t = len ? Math.max(0, Math.min(1, ((p.x - a.x) * vx + (p.y - a.y) * vy) / len)) : 0;
      var d = Math.hypot(a.x + t * vx - p.x, a.y + t * vy - p.y);
      if (d < bestD) { best = e.id; bestD = d; }
    }
    return best;
  };

  LiteNetwork.prototype._bind = function () {
    var self = this, drag = null, hovered = null;
    function point(ev) {
      var box = self.canvas.getBoundingClientRect();
      return { x: ev.clientX - box.left, y: ev.clientY - box.top };
    }
    this.canvas.addEventListener("mousedown", function (ev) {
      drag = { start: point(ev), cx: self.cx, cy: self.cy, moved: false };
    });
    window.addEventListener("mouseup", function (ev) {
      if (drag && !drag.moved) {
        var p = point(ev), node = self._nodeAt(p);
        var edge = node === null ? self._edgeAt(p) : null;
        self.selected = node === null ? [] : [node];
        self.redraw();
        self._emit("click", { nodes: node === null ? [] : [node], edges: edge === null ? [] : [edge], pointer: { DOM: p } });
      }
      drag = null;
    });
    this.canvas.addEventListener("mousemove", function (ev) {
      var p = point(ev);
      if (drag) {
        var dx = p.x - drag.start.x, dy = p.y - drag.start.y;
        if (!drag.moved && Math.hypot(dx, dy) > 3) { drag.moved = true; self._emit("dragStart", {}); }
        if (drag.moved) { self.cx = drag.cx - dx / self.scale; self.cy = drag.cy - dy / self.scale; self.redraw(); }
        return;
      }
      var node = self._nodeAt(p);
      if (node !== hovered) {
        if (hovered !== null) self._emit("blurNode", { node: hovered });
        hovered = node;
        if (node !== null) self._emit("hoverNode", { node: node, pointer: { DOM: p } });
      }
    });
    this.canvas.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var p = point(ev), before = self.DOMtoCanvas(p);
      self.scale = Math.max(0.01, Math.min(10, self.scale * (ev.deltaY < 0 ? 1.15 : 1 / 1.15)));
      var after = self.DOMtoCanvas(p);
      self.cx += before.x - after.x; self.cy += before.y - after.y;
      self.redraw();
    }, { passive: false });
  };

  window.relocgraphLite = { Network: LiteNetwork, DataSet: LiteDataSet };
})();
