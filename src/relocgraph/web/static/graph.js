// relocgraph page script. Every piece of text that comes from the data is put in the
// page with textContent or a DOM text node, never innerHTML: press releases may
// contain anything, and it must show as text.
(function () {
  "use strict";
  var timings = { start: performance.now() };
  var D = JSON.parse(document.getElementById("relocgraph-data").textContent);
  timings.parsed = performance.now();
  var T = D.text;
  var kindByKey = {};
  D.kinds.forEach(function (k) { kindByKey[k.key] = k; });
  var docLabel = {};
  D.documents.forEach(function (d) { docLabel[d.id] = d.label; });

  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === "text") node.textContent = attrs[k];
        else if (k === "className") node.className = attrs[k];
        else if (k === "onclick") node.addEventListener("click", attrs[k]);
        else node.setAttribute(k, attrs[k]);
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  var SVG = "http://www.w3.org/2000/svg";
  function symbol(shape, colour) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "symbol");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("viewBox", "0 0 16 16");
    var s;
    var points = {
      triangle: "8,1 15,14 1,14", triangleDown: "1,2 15,2 8,15",
      diamond: "8,1 15,8 8,15 1,8", hexagon: "4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8",
      star: "8,0.5 10,6 15.5,6 11,9.5 12.8,15 8,11.7 3.2,15 5,9.5 0.5,6 6,6"
    };
    if (shape === "square") {
      s = document.createElementNS(SVG, "rect");
      s.setAttribute("x", "2"); s.setAttribute("y", "2");
      s.setAttribute("width", "12"); s.setAttribute("height", "12");
    } else if (points[shape]) {
      s = document.createElementNS(SVG, "polygon");
      s.setAttribute("points", points[shape]);
    } else {
      s = document.createElementNS(SVG, "circle");
      s.setAttribute("cx", "8"); s.setAttribute("cy", "8"); s.setAttribute("r", "6.5");
    }
    s.setAttribute("fill", colour);
    s.setAttribute("stroke", "#333");
    svg.appendChild(s);
    return svg;
  }

  function normalise(text) {
    // Same as relocgraph.web.viz.normalise: no accents, no case, "œ" as "oe".
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/ß/g, "ss")
      .split(/\s+/).filter(Boolean).join(" ");
  }

  // ---- what is shown: the overview first, the rest on demand ----------------
  // A node shows when a neighbour is selected or it is searched (revealed), or when
  // its class is ticked and it is on the first screen (or "show everything" is on).
  // Classes folded into the overview (figures, quotations) and secondary classes
  // (periods, roles, sectors, places) start unticked: they appear on demand.
  var hiddenKinds = {}, shownKinds = {}, hiddenDocs = {}, revealed = {};
  // A focused page is a neighbourhood already, and a graph with nothing for an
  // overview (only figures, say) has no first screen to offer: show them whole.
  var showAll = !!D.focus || !D.nodes.some(function (n) { return n.overview; });
  D.kinds.forEach(function (k) { if (!k.overview && !showAll) hiddenKinds[k.key] = true; });
  var overviewKind = {};
  D.kinds.forEach(function (k) { overviewKind[k.key] = k.overview; });
  function nodeHidden(n) {
    if (revealed[n.id]) return false;
    if (hiddenKinds[n.group]) return true;
    if (n.docs.length && n.docs.every(function (d) { return hiddenDocs[d]; })) return true;
    if (shownKinds[n.group]) return false;  // the class was ticked: all its members
    return !showAll && !n.overview && !!overviewKind[n.group];
  }
  var hiddenAtStart = {};
  D.nodes.forEach(function (n) { n.hidden = nodeHidden(n); if (n.hidden) hiddenAtStart[n.id] = true; });
  // Edge labels show on hover or around the selected node, not all at once.
  D.edges.forEach(function (e) {
    e.text = e.label || "";
    delete e.label;
    e.hidden = !!(hiddenAtStart[e.from] || hiddenAtStart[e.to] || (e.overview && showAll));
  });
  var neighbours = {};
  D.edges.forEach(function (e) {
    (neighbours[e.from] = neighbours[e.from] || []).push(e.to);
    (neighbours[e.to] = neighbours[e.to] || []).push(e.from);
  });

  // ---- the network ----------------------------------------------------------
  document.getElementById("heading").textContent = D.title;
  document.title = D.title;
  // Large graphs use the light renderer (lite.js), the others vis-network.
  var lib = D.renderer === "lite" ? window.relocgraphLite : window.vis;
  var nodes = new lib.DataSet(D.nodes);
  var edges = new lib.DataSet(D.edges);
  var container = document.getElementById("graph");
  timings.datasets = performance.now();
  var network = new lib.Network(container, { nodes: nodes, edges: edges }, D.options);
  timings.network = performance.now();
  var api = {
    timings: timings,
    network: network, nodes: nodes, edges: edges, data: D, firstDraw: null, selected: null,
    renderer: D.renderer,
    visibleNodeIds: function () {
      return nodes.get({ filter: function (n) { return !n.hidden; } }).map(function (n) { return n.id; });
    },
    visibleEdgeIds: function () {
      return edges.get({ filter: function (e) { return !e.hidden; } }).map(function (e) { return e.id; });
    },
    select: selectNode,
    fitVisible: fitVisible
  };
  window.relocgraph = api;
  network.once("afterDrawing", function () {
    api.firstDraw = timings.firstDraw = performance.now();
    document.body.setAttribute("data-drawn", "1");
    // The first fit can run before the flex layout settles: fit again once drawn.
    if (D.focus) selectNode(D.focus); else fitVisible();
  });

  // Fit the view to the nodes shown, never zooming in past 1.5.
  function fitVisible() {
    var ids = api.visibleNodeIds();
    network.fit({ nodes: ids, animation: false });
    if (network.getScale() > 1.5) network.moveTo({ scale: 1.5, animation: false });
  }

  function updateCounts() {
    var n = api.visibleNodeIds().length, e = api.visibleEdgeIds().length;
    document.getElementById("counts").textContent =
      n + " " + T.nodes + " · " + e + " " + T.edges;
  }

  // ---- filters: classes (the legend) and source documents --------------------
  function applyFilters() {
    var nodeUpdates = [], hiddenNode = {};
    nodes.forEach(function (n) {
      var h = nodeHidden(n);
      if (h) hiddenNode[n.id] = true;
      if (!!n.hidden !== h) nodeUpdates.push({ id: n.id, hidden: h });
    });
    var edgeUpdates = [];
    edges.forEach(function (e) {
      var h = !!(hiddenNode[e.from] || hiddenNode[e.to] || (e.overview && showAll) ||
        (e.docs.length && e.docs.every(function (d) { return hiddenDocs[d]; })));
      if (!!e.hidden !== h) edgeUpdates.push({ id: e.id, hidden: h });
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    updateCounts();
  }
  api.applyFilters = applyFilters;

  var kindCounts = {};
  D.nodes.forEach(function (n) { kindCounts[n.group] = (kindCounts[n.group] || 0) + 1; });
  document.getElementById("kinds-title").textContent = T.kinds;
  var legend = document.getElementById("legend");
  D.kinds.forEach(function (k) {
    var box = el("input", { type: "checkbox", "data-kind": k.key });
    box.addEventListener("change", function () {
      hiddenKinds[k.key] = !box.checked; shownKinds[k.key] = box.checked; box.indeterminate = false;
      applyFilters();
    });
    legend.appendChild(el("li", null, el("label", null, box, symbol(k.shape, k.color), k.label,
      el("small", { text: String(kindCounts[k.key] || 0) }))));
  });

  document.getElementById("on-demand").textContent = T.on_demand;

  // ---- views: back to the overview, or everything at once ---------------------
  var overviewButton = document.getElementById("overview");
  var allButton = document.getElementById("show-all");
  overviewButton.textContent = T.overview;
  allButton.textContent = T.show_all;
  // A class of the overview whose members do not all fit there shows half-ticked:
  // ticking it shows them all.
  var partialKind = {};
  D.nodes.forEach(function (n) { if (overviewKind[n.group] && !n.overview) partialKind[n.group] = true; });
  function setKindBoxes() {
    D.kinds.forEach(function (k) {
      var box = document.querySelector("input[data-kind='" + k.key + "']");
      var partial = !showAll && !shownKinds[k.key] && !!partialKind[k.key];
      box.checked = !hiddenKinds[k.key] && !partial;
      box.indeterminate = !hiddenKinds[k.key] && partial;
    });
    overviewButton.className = showAll ? "" : "active";
    allButton.className = showAll ? "active" : "";
  }
  function showOverview() {
    showAll = false; revealed = {}; shownKinds = {}; api.selected = null;
    D.kinds.forEach(function (k) { hiddenKinds[k.key] = !k.overview; });
    setKindBoxes(); network.selectNodes([]); edgeLabels(null); applyFilters(); fitVisible();
    panel.textContent = "";
  }
  function showEverything() {
    showAll = true; hiddenKinds = {};
    setKindBoxes(); applyFilters(); fitVisible();
  }
  overviewButton.addEventListener("click", showOverview);
  allButton.addEventListener("click", showEverything);
  api.showOverview = showOverview;
  api.showEverything = showEverything;

  document.getElementById("documents-title").textContent = T.documents;
  var docList = document.getElementById("documents");
  D.documents.forEach(function (d) {
    var box = el("input", { type: "checkbox", "data-document": d.id });
    box.checked = true;
    box.addEventListener("change", function () { hiddenDocs[d.id] = !box.checked; applyFilters(); });
    docList.appendChild(el("li", null, el("label", { title: d.id }, box, d.label,
      el("small", { text: d.date }))));
  });

  document.getElementById("disagreements-title").textContent = T.disagreements;
  var disList = document.getElementById("disagreements");
  if (!D.disagreements.length) disList.appendChild(el("li", { text: T.none }));
  D.disagreements.forEach(function (d) {
    disList.appendChild(el("li", null,
      el("button", { className: "link", text: d.label, onclick: function () { selectNode(d.figures[0]); } }),
      el("small", { text: T.differs + " : " + d.fields.join(", ") })));
  });

  // ---- search ---------------------------------------------------------------
  var search = document.getElementById("search");
  var results = document.getElementById("search-results");
  search.setAttribute("placeholder", T.search);
  search.setAttribute("aria-label", T.search);
  function matches(query) {
    var q = normalise(query), exact = [], starts = [], contains = [];
    if (!q) return [];
    Object.keys(D.details).forEach(function (id) {
      var names = D.details[id].names;
      if (names.indexOf(q) >= 0) exact.push(id);
      else if (names.some(function (n) { return n.indexOf(q) === 0; })) starts.push(id);
      else if (names.some(function (n) { return n.indexOf(q) >= 0; })) contains.push(id);
    });
    return exact.concat(starts, contains);
  }
  api.search = matches;
  function showResults() {
    results.textContent = "";
    var found = matches(search.value);
    if (search.value && !found.length) results.appendChild(el("li", { text: T.no_match }));
    found.slice(0, 12).forEach(function (id) {
      var d = D.details[id];
      results.appendChild(el("li", null, el("button", {
        className: "link", "data-node": id, onclick: function () { selectNode(id); }
      }, symbol(kindByKey[d.kind] ? kindByKey[d.kind].shape : "dot",
        kindByKey[d.kind] ? kindByKey[d.kind].color : "#999"), " " + d.label)));
    });
  }
  search.addEventListener("input", showResults);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var found = matches(search.value);
      if (found.length) selectNode(found[0]);
    }
  });

  // ---- panels ---------------------------------------------------------------
  var panel = document.getElementById("panel-body");
  document.getElementById("panel-help").textContent = T.help;

  function nodeButton(id) {
    var d = D.details[id];
    return el("button", { className: "link", "data-node": id, text: d ? d.label : id,
      onclick: function () { selectNode(id); } });
  }
  function statementBlock(st) {
    var box = el("div", { className: "statement" });
    var doc = (st.document_label || docLabel[st.document] || st.document || "") +
      (st.date ? " — " + st.date : "");
    box.appendChild(el("div", { className: "doc" }, el("strong", { text: T.document + " : " }), doc));
    if (st.wording) box.appendChild(el("div", { className: "doc" }, T.wording + " : « " + st.wording + " »"));
    (st.evidence || []).forEach(function (ev) {
      box.appendChild(el("blockquote", { className: "quote", text: ev.quote || "" }));
    });
    if (st.interpretation) box.appendChild(el("div", { className: "note interpretation", text: T.interpretation }));
    (st.notes || []).forEach(function (n) {
      box.appendChild(el("div", { className: "note", text: T.note + " : " + n }));
    });
    return box;
  }
  function factsTable(rows) {
    var table = el("table", { className: "facts" });
    rows.forEach(function (r) { table.appendChild(el("tr", null, el("th", { text: r[0] }), el("td", { text: r[1] }))); });
    return table;
  }
  function versionsTable(rows, current) {
    var cols = ["document", "value", "period", "credited_to", "reported_by"];
    var ref = rows.filter(function (r) { return r.id === current; })[0] || rows[0];
    var table = el("table", { className: "versions" });
    var head = el("tr");
    cols.forEach(function (c) { head.appendChild(el("th", { text: T[c] })); });
    table.appendChild(head);
    rows.forEach(function (r) {
      var tr = el("tr", { className: r.id === current ? "current" : "", "data-node": r.id });
      cols.forEach(function (c) {
        var td;
        if (c === "document") {
          td = el("td", null, el("button", { className: "link", text: r.document + (r.date ? " (" + r.date + ")" : ""),
            onclick: function () { selectNode(r.id); } }));
        } else {
          td = el("td", { text: r[c] });
          if (r[c] !== ref[c]) td.className = "differs";
        }
        tr.appendChild(td);
      });
      table.appendChild(tr);
    });
    return table;
  }

  function timelineTable(rows) {
    var table = el("table", { className: "versions timeline" });
    var head = el("tr");
    ["date", "document", "value", "period"].forEach(function (c) { head.appendChild(el("th", { text: T[c] })); });
    table.appendChild(head);
    rows.forEach(function (r) {
      table.appendChild(el("tr", { "data-node": r.id },
        el("td", { text: r.date }),
        el("td", null, el("button", { className: "link", text: r.document, onclick: function () { selectNode(r.id); } })),
        el("td", { text: r.value }), el("td", { text: r.period })));
    });
    return table;
  }

  // One row per check: a verdict badge, then the claim and the reference side by side.
  function checksTable(rows) {
    var table = el("table", { className: "checks" });
    rows.forEach(function (r) {
      table.appendChild(el("tr", null,
        el("td", null, el("span", { className: "badge " + r.outcome, text: r.verdict_label })),
        el("td", null, el("q", { text: r.claim_quote || r.claim_value })),
        el("td", null, r.reference_document ? el("div", { className: "iri", text: r.reference_document }) : null,
          r.reference_quote ? el("q", { text: r.reference_quote }) : null,
          r.reasons ? el("div", { className: "reasons", text: r.reasons }) : null)));
    });
    return table;
  }

  function showNode(id) {
    var d = D.details[id];
    panel.textContent = "";
    if (!d) return;
    var kind = kindByKey[d.kind] || { color: "#999" };
    panel.appendChild(el("span", { className: "chip", style: "background:" + kind.color, text: d.kind_label }));
    panel.appendChild(el("h2", { id: "panel-title", text: d.label }));
    if (d.alt.length) panel.appendChild(el("div", null, el("em", { text: T.also + " : " }), d.alt.join(" · ")));
    panel.appendChild(el("div", { className: "iri", text: d.iri }));
    if ((d.notes || []).length) {
      panel.appendChild(el("h3", { text: T.notes }));
      d.notes.forEach(function (n) { panel.appendChild(el("div", { className: "note", text: n })); });
    }
    if (d.facts.length) {
      panel.appendChild(el("h3", { text: T.facts }));
      panel.appendChild(factsTable(d.facts));
    }
    if (d.timeline) {
      panel.appendChild(el("h3", { text: T.timeline }));
      panel.appendChild(timelineTable(d.timeline));
    }
    if (d.versions) {
      panel.appendChild(el("h3", { text: T.versions }));
      panel.appendChild(versionsTable(d.versions, id));
    }
    if (d.checks) {
      panel.appendChild(el("h3", { text: T.checks }));
      panel.appendChild(checksTable(d.checks));
    }
    if (d.statements) {
      panel.appendChild(el("h3", { text: T.evidence }));
      d.statements.forEach(function (st) { panel.appendChild(statementBlock(st)); });
    }
    var connected = network.getConnectedEdges(id);
    if (connected.length) {
      panel.appendChild(el("h3", { text: T.relations }));
      connected.slice(0, 200).forEach(function (eid) {
        var e = edges.get(eid), ed = D.edgeDetails[eid];
        if (!e || !ed) return;
        var outgoing = e.from === id;
        var row = el("div", { className: "relation" },
          el("span", { className: "prop", text: (outgoing ? "→ " : "← ") + ed.label + " " }),
          nodeButton(outgoing ? e.to : e.from));
        if (ed.statements.length && ed.statements.every(function (s) { return s.interpretation; })) {
          row.appendChild(el("span", { className: "note interpretation", text: " (" + T.reading + ")" }));
        }
        if (ed.statements.length) {
          var more = el("details", null, el("summary", { text: T.stated_by + " : " +
            ed.statements.map(function (s) { return s.document_label || ""; }).join(", ") }));
          ed.statements.forEach(function (st) { more.appendChild(statementBlock(st)); });
          row.appendChild(more);
        }
        panel.appendChild(row);
      });
    }
  }

  function showEdge(eid) {
    var e = edges.get(eid), ed = D.edgeDetails[eid];
    panel.textContent = "";
    if (!e || !ed) return;
    panel.appendChild(el("h2", { id: "panel-title", text: ed.label }));
    panel.appendChild(el("div", null, nodeButton(e.from), " → ", nodeButton(e.to)));
    if (ed.compare) {
      var rows = (D.details[ed.compare[0]].versions || []).filter(function (r) { return ed.compare.indexOf(r.id) >= 0; });
      panel.appendChild(el("h3", { text: T.versions }));
      panel.appendChild(versionsTable(rows, ed.compare[0]));
    }
    if (ed.folded) {
      panel.appendChild(el("h3", { text: T.folded }));
      ed.folded.forEach(function (f) { panel.appendChild(el("div", { className: "relation" }, nodeButton(f))); });
    }
    if (ed.statements.length) {
      panel.appendChild(el("h3", { text: T.evidence }));
      ed.statements.forEach(function (st) { panel.appendChild(statementBlock(st)); });
    }
  }

  // Show a node's neighbourhood: the node, its neighbours, its links' labels.
  function reveal(id) {
    revealed = {};
    revealed[id] = true;
    (neighbours[id] || []).forEach(function (m) { revealed[m] = true; });
    applyFilters();
    edgeLabels(id);
  }
  var labelled = [];
  function edgeLabels(id) {
    var changes = labelled.map(function (eid) { return { id: eid, label: "" }; });
    labelled = [];
    if (id !== null && D.renderer !== "lite") {
      network.getConnectedEdges(id).forEach(function (eid) {
        var e = edges.get(eid);
        if (e && e.text) { labelled.push(eid); changes.push({ id: eid, label: e.text }); }
      });
    }
    if (changes.length) edges.update(changes);
  }

  function selectNode(id) {
    if (!nodes.get(id)) return;
    api.selected = id;
    reveal(id);
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    showNode(id);
    results.textContent = "";
  }
  api.showEdge = showEdge;

  network.on("click", function (p) {
    tooltip.hidden = true;
    if (p.nodes.length) { api.selected = p.nodes[0]; reveal(p.nodes[0]); showNode(p.nodes[0]); }
    else if (p.edges.length) { api.selected = null; showEdge(p.edges[0]); }
    else { api.selected = null; edgeLabels(null); }
  });

  // ---- hover tooltip ----------------------------------------------------------
  var tooltip = document.getElementById("tooltip");
  network.on("hoverNode", function (p) {
    var d = D.details[p.node];
    if (!d) return;
    tooltip.textContent = "";
    tooltip.appendChild(el("div", null, el("strong", { text: d.label })));
    tooltip.appendChild(el("div", { text: T.type + " : " + d.kind_label }));
    d.facts.slice(0, 6).forEach(function (r) { tooltip.appendChild(el("div", { text: r[0] + " : " + r[1] })); });
    (d.statements || []).slice(0, 1).forEach(function (st) {
      tooltip.appendChild(el("div", { text: T.evidence + " : " + (st.document_label || "") + (st.date ? " — " + st.date : "") }));
      (st.evidence || []).slice(0, 2).forEach(function (ev) {
        var q = ev.quote || "";
        tooltip.appendChild(el("blockquote", { text: "« " + (q.length > 300 ? q.slice(0, 300) + "…" : q) + " »" }));
      });
    });
    var box = container.getBoundingClientRect();
    tooltip.style.left = Math.min(box.left + p.pointer.DOM.x + 14, window.innerWidth - 370) + "px";
    tooltip.style.top = (box.top + p.pointer.DOM.y + 14) + "px";
    tooltip.hidden = false;
  });
  network.on("blurNode", function () { tooltip.hidden = true; });
  var hoveredEdge = null;
  network.on("hoverEdge", function (p) {
    var e = edges.get(p.edge);
    if (!e || !e.text || labelled.indexOf(p.edge) >= 0) return;
    hoveredEdge = p.edge;
    edges.update([{ id: p.edge, label: e.text }]);
  });
  function unhoverEdge() {
    if (hoveredEdge !== null && labelled.indexOf(hoveredEdge) < 0) edges.update([{ id: hoveredEdge, label: "" }]);
    hoveredEdge = null;
  }
  network.on("blurEdge", unhoverEdge);
  container.addEventListener("mouseleave", unhoverEdge);
  network.on("dragStart", function () { tooltip.hidden = true; });

  setKindBoxes();
  updateCounts();
})();
