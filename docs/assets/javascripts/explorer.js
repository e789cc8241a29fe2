/* The explorer: every paper of the site's own papers.json, with facets (section, tag, year,
   venue, code) whose counts follow the other active filters, a text filter, sorting, URL state
   and BibTeX export of the filtered set. Built on window.PaperFilters (filters.js).

   Sized for 10,000 papers: search text is normalized once, each change filters arrays of
   precomputed values, and only the visible slice of rows is in the DOM (PAGE rows, then
   "Show more"); row elements are built once and reused. It loads papers.json, and papers.ris or
   papers.csl.json only when their format is chosen for a download. */
(function () {
  "use strict";

  var PF = window.PaperFilters;
  if (!PF) return;
  var el = PF.el;
  var PAGE = 100;
  var loads = {}; // papers.json URL -> Promise of the parsed data, kept across instant navigation
  var current = null;

  function load(url, asText) {
    var id = (asText ? "text:" : "json:") + url;
    if (!loads[id]) {
      loads[id] = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.statusText);
        return asText ? response.text() : response.json();
      });
      loads[id].catch(function () { delete loads[id]; });
    }
    return loads[id];
  }

  function safeUrl(url) {
    return /^https?:\/\//i.test(url || "") ? url : "#";
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      document.body.removeChild(area);
      if (ok) resolve();
      else reject(new Error("copy failed"));
    });
  }

  function Explorer(root, source) {
    this.root = root;
    this.source = source;
    this.pathname = location.pathname;
    this.loading = el("p", { class: "pl-explorer__status", role: "status", text: "Loading the papers…" });
    root.appendChild(this.loading);
  }

  Explorer.prototype.start = function (data) {
    var self = this;
    this.data = data;
    var sections = {};
    data.sections.forEach(function (s) { sections[s.slug] = s; });
    this.sectionsBySlug = sections;
    var tagNames = {}, tagCounts = {}, years = {}, venues = {};
    data.tags.forEach(function (t) { tagNames[t.slug] = t.name; tagCounts[t.slug] = 0; });
    var papers = data.papers;
    this.records = papers.map(function (paper, order) {
      var within = [];
      (paper.sections && paper.sections.length ? paper.sections : [paper.section]).forEach(function (slug) {
        var path = sections[slug] ? sections[slug].path : [slug];
        path.forEach(function (ancestor) { if (within.indexOf(ancestor) < 0) within.push(ancestor); });
      });
      (paper.tags || []).forEach(function (slug) { tagCounts[slug] = (tagCounts[slug] || 0) + 1; });
      if (paper.year) years[paper.year] = true;
      if (paper.venue) venues[paper.venue] = true;
      return {
        key: paper.key,
        tags: paper.tags || [],
        sections: within,
        year: paper.year || null,
        venue: paper.venue || "",
        code: Boolean(paper.code && paper.code.length),
        text: PF.normalize([paper.title, paper.model, paper.author_text, (paper.authors || []).join(" "),
          paper.key_idea, paper.venue].join(" ")),
        title: PF.normalize(paper.title),
        cited: typeof paper.cited_by === "number" ? paper.cited_by : null,
        order: order,
      };
    });
    this.tagNames = tagNames;
    this.model = new PF.Model(this.records);
    this.nodes = new Array(papers.length); // row elements, built on first display
    this.base = new URL(".", this.source).href; // papers.json sits at the site root

    var tags = Object.keys(tagCounts)
      .filter(function (slug) { return tagCounts[slug] > 0; })
      .sort(function (a, b) { return tagCounts[b] - tagCounts[a] || (tagNames[a] || a).localeCompare(tagNames[b] || b); })
      .map(function (slug) { return { slug: slug, name: tagNames[slug] || slug }; });

    var filters = el("div", { class: "pl-filters" });
    this.root.replaceChild(filters, this.loading);
    this.bar = new PF.Bar(filters, {
      label: "Filter all papers",
      searchLabel: "Search all papers",
      placeholder: "Title, model, author or key idea",
      tags: tags,
      years: Object.keys(years).map(Number).sort(function (a, b) { return a - b; }),
      venues: Object.keys(venues).sort(function (a, b) { return a.localeCompare(b); }),
      sections: data.sections.map(function (s) { return { slug: s.slug, title: s.title, depth: s.path.length - 1 }; }),
      cited: this.records.some(function (r) { return r.cited !== null; }),
      onChange: function (state, push) {
        PF.saveState(state, push);
        self.apply(state);
      },
    });

    this.format = el("select", { class: "pl-select", id: "pl-export-format", "aria-label": "Format of the download" },
      Object.keys(FORMATS).map(function (name) {
        return el("option", { value: name, text: FORMATS[name].label + " (" + FORMATS[name].for + ")" });
      }));
    this.download = el("button", { type: "button", class: "pl-button", "data-action": "download" });
    this.copy = el("button", { type: "button", class: "pl-button", "data-action": "copy" });
    this.notice = el("p", { class: "pl-explorer__note", "aria-live": "polite" });
    this.root.appendChild(el("div", { class: "pl-explorer__actions" }, [this.format, this.download, this.copy, this.notice]));
    this.labelButtons();
    this.format.addEventListener("change", function () {
      self.labelButtons();
      self.recordsIn(self.format.value).catch(function () {}); // fetched now, ready when a button is pressed
    });
    this.empty = el("p", { class: "pl-filters__empty", hidden: true, text: "No paper matches these filters." });
    this.rows = el("ol", { class: "pl-rows", "aria-label": "Papers" });
    this.more = el("button", { type: "button", class: "pl-button pl-explorer__more", hidden: true });
    this.root.appendChild(this.empty);
    this.root.appendChild(this.rows);
    this.root.appendChild(this.more);

    this.download.addEventListener("click", function () { self.exportSelection(); });
    this.copy.addEventListener("click", function () { self.copySelection(); });
    this.more.addEventListener("click", function () { self.showMore(); });
    this.rows.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-tag]");
      if (!button) return;
      var state = self.state;
      var tag = button.getAttribute("data-tag");
      if (state.tags.indexOf(tag) < 0) {
        state.tags.push(tag);
        PF.saveState(state, true);
        self.apply(state);
      }
      self.bar.input.focus();
    });
    this.restore();
  };

  Explorer.prototype.restore = function () {
    this.apply(PF.readState(location.search));
  };

  Explorer.prototype.apply = function (state) {
    this.state = state;
    this.result = this.model.apply(state);
    this.bar.render(state, this.result, this.records.length);
    this.empty.hidden = this.result.matches.length > 0;
    this.notice.textContent = "";
    this.limit = PAGE;
    this.renderRows(false);
  };

  /* Show the first `limit` matches; with `append`, only add the rows that are missing. */
  Explorer.prototype.renderRows = function (append) {
    var matches = this.result.matches;
    var shown = Math.min(this.limit, matches.length);
    var wanted = matches.slice(0, shown);
    if (append) {
      var fragment = document.createDocumentFragment();
      for (var i = this.rows.children.length; i < shown; i++) fragment.appendChild(this.row(wanted[i]));
      this.rows.appendChild(fragment);
    } else if (!sameRows(this.rendered, wanted)) {
      var nodes = [];
      for (var j = 0; j < shown; j++) nodes.push(this.row(wanted[j]));
      this.rows.replaceChildren.apply(this.rows, nodes);
    }
    this.rendered = wanted;
    var rest = matches.length - shown;
    this.more.hidden = rest <= 0;
    if (rest > 0) {
      this.more.textContent = "Show " + Math.min(PAGE, rest) + " more (" + rest.toLocaleString("en") + " not shown yet)";
    }
  };

  function sameRows(a, b) {
    if (!a || a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  Explorer.prototype.showMore = function () {
    var first = this.rows.children.length;
    this.limit += PAGE;
    this.renderRows(true);
    if (this.more.hidden) {
      // The button is gone: move focus to the first new paper rather than losing it.
      var link = this.rows.children[first] && this.rows.children[first].querySelector("a");
      if (link) link.focus();
    }
  };

  Explorer.prototype.row = function (index) {
    if (this.nodes[index]) return this.nodes[index];
    var paper = this.data.papers[index];
    var section = this.sectionsBySlug[paper.section];
    var title = el("p", { class: "pl-row__title" }, [
      paper.url
        ? el("a", { class: "pl-row__link", href: safeUrl(paper.url), rel: "noopener", text: paper.title })
        : el("span", { class: "pl-row__link", text: paper.title }), // a pasted entry may have no link
      paper.model ? " " : null,
      paper.model ? el("span", { class: "pl-badge pl-badge--model", text: paper.model }) : null,
    ]);
    var meta = el("p", { class: "pl-row__meta" }, [
      paper.author_text ? el("span", { class: "pl-row__authors", text: paper.author_text }) : null,
      paper.venue_text ? el("span", { class: "pl-badge pl-badge--venue", text: paper.venue_text }) : null,
      typeof paper.cited_by === "number" ? el("span", {
        class: "pl-cited", text: "cited by " + paper.cited_by,
        title: "Cited by " + paper.cited_by + " works according to OpenAlex, counted on " + paper.cited_by_date,
      }) : null,
      el("span", { class: "pl-row__section" }, [
        "in ",
        el("a", { href: new URL(paper.page, this.base).href, text: section ? section.title : paper.section }),
      ]),
    ]);
    var links = el("p", { class: "pl-row__links" });
    (paper.code || []).forEach(function (link) {
      links.appendChild(el("a", {
        class: "pl-code " + (link.official ? "pl-code--official" : "pl-code--unofficial"),
        href: safeUrl(link.url),
        rel: "noopener",
        title: link.official ? "Official code" : "Unofficial code by a third party",
      }, [el("span", { class: "pl-code__kind", text: link.official ? "code" : "unofficial code" }), " " + link.repo]));
    });
    var names = this.tagNames;
    (paper.tags || []).forEach(function (slug) {
      links.appendChild(el("button", {
        type: "button", class: "pl-row__tag", "data-tag": slug, title: "Show only papers with this tag",
        text: names[slug] || slug,
      }));
    });
    var node = el("li", { class: "pl-row", "data-key": paper.key }, [title, meta, links]);
    this.nodes[index] = node;
    return node;
  };

  /* The formats of the download and copy buttons. papers.json carries each paper's BibTeX; the RIS
     records and CSL-JSON items are read from the list's own exports (papers.ris, papers.csl.json) the
     first time their format is chosen, so that papers.json does not carry every paper three times. */
  var FORMATS = {
    bibtex: {
      label: "BibTeX", for: "LaTeX", extension: ".bib", type: "application/x-bibtex",
      join: function (entries) { return entries.map(function (e) { return e.trim(); }).join("\n\n") + "\n"; },
      entries: function (n) { return n === 1 ? "1 BibTeX entry" : n.toLocaleString("en") + " BibTeX entries"; },
    },
    ris: {
      label: "RIS", for: "EndNote, Mendeley, Zotero", extension: ".ris", type: "application/x-research-info-systems",
      file: "papers.ris",
      split: function (text) {
        var byKey = {};
        text.split(/\n(?=TY  - )/).forEach(function (record) {
          var id = /^ID  - (.*)$/m.exec(record);
          if (id) byKey[id[1].trim()] = record.trim() + "\n";
        });
        return byKey;
      },
      join: function (records) { return records.join("\n"); },
      entries: function (n) { return n === 1 ? "1 RIS record" : n.toLocaleString("en") + " RIS records"; },
    },
    csl: {
      label: "CSL-JSON", for: "Zotero, pandoc", extension: ".csl.json", type: "application/vnd.citationstyles.csl+json",
      file: "papers.csl.json",
      split: function (text) {
        var byKey = {};
        JSON.parse(text).forEach(function (item) { byKey[item.id] = item; });
        return byKey;
      },
      join: function (items) { return JSON.stringify(items, null, 1) + "\n"; },
      entries: function (n) { return n === 1 ? "1 CSL-JSON item" : n.toLocaleString("en") + " CSL-JSON items"; },
    },
  };

  /* A promise of the function that gives a paper's record in the format `name`. */
  Explorer.prototype.recordsIn = function (name) {
    var format = FORMATS[name];
    if (!format.file) return Promise.resolve(function (paper) { return paper.bibtex; });
    return load(new URL(format.file, this.source).href, true).then(function (text) {
      var byKey = format.split(text);
      return function (paper) {
        if (!(paper.key in byKey)) throw new Error(paper.key + " is missing from " + format.file);
        return byKey[paper.key];
      };
    });
  };

  Explorer.prototype.labelButtons = function () {
    var format = FORMATS[this.format.value];
    this.download.textContent = "Download these as " + format.label;
    this.copy.textContent = "Copy " + format.label;
  };

  /* A promise of what the buttons give: the shown papers (every match, also those not rendered yet), in order. */
  Explorer.prototype.exported = function () {
    var papers = this.data.papers;
    var matches = this.result.matches.slice();
    var format = FORMATS[this.format.value];
    return this.recordsIn(this.format.value).then(function (recordOf) {
      return format.join(matches.map(function (index) { return recordOf(papers[index]); }));
    });
  };

  Explorer.prototype.exportSelection = function () {
    var format = FORMATS[this.format.value];
    var count = this.result.matches.length;
    if (!count) {
      this.notice.textContent = "Nothing to download: no paper matches these filters.";
      return;
    }
    var self = this;
    var name = (PF.isFiltered(this.state) ? "papers-selection" : "papers") + format.extension;
    this.exported().then(
      function (text) {
        var url = URL.createObjectURL(new Blob([text], { type: format.type + ";charset=utf-8" }));
        var link = el("a", { href: url, download: name, hidden: true });
        document.body.appendChild(link);
        link.click();
        document.body.removeChild(link);
        setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
        self.notice.textContent = "Downloaded " + format.entries(count) + ".";
      },
      function (error) { self.notice.textContent = "The " + format.label + " could not be loaded (" + error.message + ")."; }
    );
  };

  Explorer.prototype.copySelection = function () {
    var self = this;
    var format = FORMATS[this.format.value];
    var count = this.result.matches.length;
    if (!count) {
      this.notice.textContent = "Nothing to copy: no paper matches these filters.";
      return;
    }
    this.exported().then(copyText).then(
      function () { self.notice.textContent = "Copied " + format.entries(count) + " to the clipboard."; },
      function () { self.notice.textContent = "Copying failed: use “Download these as " + format.label + "” instead."; }
    );
  };

  function init() {
    var root = document.querySelector("[data-explorer]");
    if (root && root.hasAttribute("data-explorer-ready")) return; // this page's explorer is running
    current = null;
    if (!root) return;
    var link = root.querySelector("a[data-explorer-source]");
    if (!link) return;
    root.setAttribute("data-explorer-ready", "");
    var explorer = new Explorer(root, new URL(link.getAttribute("href"), location.href).href);
    current = explorer;
    load(explorer.source).then(
      function (data) {
        if (!document.contains(root)) return; // the reader has moved on (instant navigation)
        explorer.start(data);
      },
      function (error) {
        explorer.loading.textContent = "The papers could not be loaded (" + error.message + "). ";
        explorer.loading.appendChild(el("a", { href: explorer.source, text: "Open papers.json" }));
      }
    );
  }

  window.addEventListener("popstate", function () {
    if (current && current.model && current.pathname === location.pathname && document.contains(current.root)) {
      current.restore();
    }
  });

  PF.onEveryPage(init);
})();
