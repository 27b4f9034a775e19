// relocgraph query page: editor, named queries, results table, downloads.
// Every value is put into the page with textContent or as an attribute, never as HTML.
"use strict";

(function () {
  const ID_NS = "https://w3id.org/relocgraph/id/";
  const prefixes = JSON.parse(document.getElementById("prefixes").textContent);
  const textarea = document.getElementById("query");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const downloads = document.getElementById("downloads");
  let editor = null;
  if (window.CodeMirror) {
    editor = window.CodeMirror.fromTextArea(textarea, {
      mode: "application/sparql-query", lineNumbers: true, matchBrackets: true,
      extraKeys: { "Ctrl-Enter": () => runEditor(), "Cmd-Enter": () => runEditor() },
    });
  }
  const getText = () => (editor ? editor.getValue() : textarea.value);
  const setText = (text) => (editor ? editor.setValue(text) : (textarea.value = text));

  function curie(iri) {
    let best = null;
    for (const [prefix, ns] of Object.entries(prefixes)) {
      if (iri.startsWith(ns) && iri.length > ns.length && (!best || ns.length > best[1].length)) best = [prefix, ns];
    }
    if (!best) return iri;
    return best[0] + ":" + iri.slice(best[1].length);  // as relocgraph.analysis.network.curie
  }

  function link(iri) {
    if (iri.startsWith(ID_NS)) return "/id/" + iri.slice(ID_NS.length);
    return /^https?:\/\//.test(iri) ? iri : null;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const href = link(term.value);
      const el = document.createElement(href ? "a" : "span");
      if (href) el.href = href;
      el.title = term.value;
      el.textContent = curie(term.value);
      td.appendChild(el);
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) {
        const small = document.createElement("small");
        small.textContent = " @" + term["xml:lang"];
        td.appendChild(small);
      }
    }
    return td;
  }

  function showTable(data) {
    results.replaceChildren();
    if (typeof data.boolean === "boolean") {
      status.textContent = "ASK: " + data.boolean;
      return;
    }
    const vars = data.head.vars;
    const rows = data.results.bindings;
    const table = document.createElement("table");
    table.className = "results";
    const head = table.createTHead().insertRow();
    for (const v of vars) {
      const th = document.createElement("th");
      th.textContent = v;
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      for (const v of vars) tr.appendChild(cell(row[v]));
    }
    results.appendChild(table);
    return rows.length;
  }

  async function run(url, options, downloadBase) {
    status.textContent = "Running…";
    status.className = "";
    downloads.hidden = true;
    const started = performance.now();
    let response;
    try {
      response = await fetch(url, options);
    } catch (err) {
      status.textContent = "The server did not answer: " + err;
      status.className = "error";
      return;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const type = response.headers.get("Content-Type") || "";
    const text = await response.text();
    if (!response.ok) {
      results.replaceChildren();
      status.textContent = "Error " + response.status + ": " + text;
      status.className = "error";
      return;
    }
    if (type.startsWith("application/sparql-results+json")) {
      const count = showTable(JSON.parse(text));
      if (count !== undefined) {
        const truncated = response.headers.get("X-Relocgraph-Truncated");
        status.textContent = count + " row" + (count === 1 ? "" : "s") + " in " + seconds + " s" +
          (truncated ? " (truncated: " + truncated + ")" : "");
        for (const [id, fmt, ext] of [["dl-csv", "csv", "csv"], ["dl-json", "json", "srj"]]) {
          const a = document.getElementById(id);
          a.href = downloadBase(fmt);
          a.download = (currentName || "results") + "." + ext;
        }
        downloads.hidden = false;
      }
    } else {
      const pre = document.createElement("pre");
      pre.textContent = text;
      results.replaceChildren(pre);
      status.textContent = "Graph result in " + seconds + " s";
    }
  }

  const ACCEPT = "application/sparql-results+json, text/turtle;q=0.9";

  function runEditor() {
    currentName = null;
    const query = getText();
    run("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: ACCEPT },
      body: new URLSearchParams({ query }),
    }, (fmt) => "/sparql?" + new URLSearchParams({ query, format: fmt }));
  }

  let named = {};
  let currentName = null;
  fetch("/queries.json").then((r) => r.json()).then((list) => {
    for (const q of list) named[q.name] = q;
  });

  function runNamed(name) {
    const q = named[name];
    if (q) setText(q.text);
    currentName = name;
    const params = new URLSearchParams();
    for (const input of document.querySelectorAll('input[data-query="' + CSS.escape(name) + '"]')) {
      params.set(input.name, input.value);
    }
    const base = "/query/" + encodeURIComponent(name);
    run(base + "?" + params, { headers: { Accept: ACCEPT } }, (fmt) => {
      const p = new URLSearchParams(params);
      p.set("format", fmt);
      return base + "?" + p;
    });
  }

  document.getElementById("query-form").addEventListener("submit", (event) => {
    event.preventDefault();
    runEditor();
  });
  for (const button of document.querySelectorAll("button.named")) {
    button.addEventListener("click", () => runNamed(button.dataset.name));
  }
})();
