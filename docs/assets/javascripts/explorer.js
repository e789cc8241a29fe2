/* The explorer: every paper of the list, with facets (section, tag, year, venue, code) whose counts
   follow the other active filters, a text filter, sorting, URL state and exports of the filtered set.
   Built on window.PaperFilters (filters.js).

   Sized for 10,000 papers without downloading them all first: explorer/index.json has only each
   paper's filter values (281 kB there), enough for the counts and the order of the matches;
   the rows come from the parts (explorer/papers-N.json) that hold the shown papers. The other parts
   follow in the background, two at a time; the text filter, the title sort and the downloads wait
   for them (a status says so). Only the visible slice of rows is in the DOM (PAGE rows, then
   "Show more"); row elements are built once and reused. The exports read papers.bib, papers.ris
   or papers.csl.json, fetched when a download is near (the actions are pointed at or focused). */
(function () {
  "use strict";

  var PF = window.PaperFilters;
  if (!PF) return;
  var el = PF.el;
  var PAGE = 100; // rows shown, then "Show more"
  var FIRST = 20; // rows built in the first task
  var BACKGROUND = 2; // parts fetched at once in the background, to leave the network to the reader
  var loads = {}; // URL -> Promise of the parsed data, kept across instant navigation
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

  /* The state needs every paper's text: a text filter, or titles to sort by. */
  function needsText(state) {
    return Boolean(state.q.trim()) || state.sort === "title";
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
    this.source = source; // explorer/index.json; every URL in it is relative to it
    this.pathname = location.pathname;
    this.loading = el("p", { class: "pl-explorer__status", role: "status", text: "Loading the papers…" });
    root.appendChild(this.loading);
  }

  Explorer.prototype.start = function (index) {
    var self = this;
    this.index = index;
    var sections = {};
    index.sections.forEach(function (s) { sections[s.slug] = s; });
    this.sectionsBySlug = sections;
    var tagNames = {}, tagCounts = {}, years = {}, venues = {};
    index.tags.forEach(function (t) { tagNames[t.slug] = t.name; tagCounts[t.slug] = 0; });
    var filters = index.filters;
    this.records = filters.sections.map(function (own, order) {
      var within = [];
      own.forEach(function (number) {
        index.sections[number].path.forEach(function (ancestor) { if (within.indexOf(ancestor) < 0) within.push(ancestor); });
      });
      var tags = filters.tags[order].map(function (number) { return index.tags[number].slug; });
      tags.forEach(function (slug) { tagCounts[slug] += 1; });
      var year = filters.year[order], venue = filters.venue[order] === null ? "" : index.venues[filters.venue[order]];
      if (year) years[year] = true;
      if (venue) venues[venue] = true;
      return {
        tags: tags,
        sections: within,
        section: index.sections[own[0]].slug,
        year: year || null,
        venue: venue,
        code: filters.code[order] === 1,
        cited: typeof filters.cited[order] === "number" ? filters.cited[order] : null,
        text: "", // with `title`, set when the paper's part has arrived
        title: "",
        order: order,
      };
    });
    this.tagNames = tagNames;
    this.model = new PF.Model(this.records);
    this.papers = new Array(this.records.length); // each paper's row data, from its part
    this.parts = {}; // part number -> Promise, resolved when its papers are in this.papers
    this.partsLeft = index.parts.length; // parts whose text is not in the records yet
    this.whenDone = []; // what waits for every part
    this.nodes = new Array(this.records.length); // row elements, built on first display
    if (!this.partsLeft) this.finish();

    var tags = Object.keys(tagCounts)
      .filter(function (slug) { return tagCounts[slug] > 0; })
      .sort(function (a, b) { return tagCounts[b] - tagCounts[a] || (tagNames[a] || a).localeCompare(tagNames[b] || b); })
      .map(function (slug) { return { slug: slug, name: tagNames[slug] || slug }; });

    var bar = el("div", { class: "pl-filters" });
    this.root.replaceChild(bar, this.loading);
    this.bar = new PF.Bar(bar, {
      label: "Filter all papers",
      searchLabel: "Search all papers",
      placeholder: "Title, model, author or key idea",
      tags: tags,
      years: Object.keys(years).map(Number).sort(function (a, b) { return a - b; }),
      venues: Object.keys(venues).sort(function (a, b) { return a.localeCompare(b); }),
      sections: index.sections.map(function (s) { return { slug: s.slug, title: s.title, depth: s.path.length - 1 }; }),
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
    var actions = el("div", { class: "pl-explorer__actions" }, [this.format, this.download, this.copy, this.notice]);
    this.root.appendChild(actions);
    this.labelButtons();
    var prefetch = function () { self.recordsIn(self.format.value).catch(function () {}); }; // ready when pressed
    this.format.addEventListener("change", function () {
      self.labelButtons();
      prefetch();
    });
    actions.addEventListener("pointerover", prefetch);
    actions.addEventListener("focusin", prefetch);
    this.status = el("p", { class: "pl-explorer__status", role: "status", text: "Loading the papers…" });
    this.empty = el("p", { class: "pl-filters__empty", hidden: true, text: "No paper matches these filters." });
    this.rows = el("ol", { class: "pl-rows", "aria-label": "Papers" });
    this.more = el("button", { type: "button", class: "pl-button pl-explorer__more", hidden: true });
    this.root.appendChild(this.status);
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
    var self = this;
    this.state = state;
    this.notice.textContent = "";
    if (needsText(state) && !this.done) {
      // The text filter and the title sort need every paper: until they have all arrived, the bar
      // counts with the other filters and the rows shown stay.
      this.bar.render(state, this.model.apply(withoutText(state)), this.records.length);
      this.showWaiting();
      this.allParts().then(
        function () { if (self.state === state) self.apply(state); },
        function (error) { if (self.state === state) self.showStatus(failure(error)); }
      );
      return;
    }
    this.result = this.model.apply(state);
    this.bar.render(state, this.result, this.records.length);
    this.empty.hidden = this.result.matches.length > 0;
    this.limit = PAGE;
    this.renderRows();
  };

  function withoutText(state) {
    var copy = Object.assign({}, state);
    copy.q = "";
    if (copy.sort === "title") copy.sort = "list";
    return copy;
  }

  function failure(error) {
    return "The papers could not be loaded (" + error.message + ").";
  }

  /* What the text filter and the title sort wait for, and how far it has come. */
  Explorer.prototype.showWaiting = function () {
    var total = this.index.parts.length;
    this.showStatus("Loading every paper to search their text… (" + (total - this.partsLeft) + " of " + total + " parts)");
  };

  Explorer.prototype.showStatus = function (text) {
    this.status.textContent = text;
    this.status.hidden = !text;
  };

  /* A promise of the papers of part `number` in this.papers. Their text for the filter is worked out
     in a task of its own afterwards, so that the first rows do not wait for it. */
  Explorer.prototype.part = function (number) {
    var self = this;
    if (!this.parts[number]) {
      this.parts[number] = load(new URL(this.index.parts[number], this.source).href).then(function (part) {
        var fields = self.index.fields, start = number * self.index.part_size;
        part.papers.forEach(function (values, i) {
          var paper = {};
          fields.forEach(function (name, f) { paper[name] = values[f]; });
          self.papers[start + i] = paper;
        });
        setTimeout(function () { self.addText(start, part.papers.length); }, 0);
      });
      this.parts[number].catch(function () { delete self.parts[number]; });
    }
    return this.parts[number];
  };

  Explorer.prototype.addText = function (start, count) {
    for (var i = start; i < start + count; i++) {
      var paper = this.papers[i], record = this.records[i];
      record.title = PF.normalize(paper.title);
      record.text = PF.normalize([paper.title, paper.model, paper.author_text, paper.key_idea, record.venue].join(" "));
    }
    this.partsLeft -= 1;
    if (!this.partsLeft) this.finish();
    else if (needsText(this.state)) this.showWaiting();
  };

  Explorer.prototype.finish = function () {
    this.done = true;
    this.root.setAttribute("data-explorer-complete", ""); // every part is in: the text filter works at once
    this.whenDone.splice(0).forEach(function (resolve) { resolve(); });
  };

  /* A promise of every part, their text included (for the text filter and the downloads). */
  Explorer.prototype.allParts = function () {
    var self = this;
    return Promise.all(this.index.parts.map(function (_, number) { return self.part(number); })).then(function () {
      return self.done ? null : new Promise(function (resolve) { self.whenDone.push(resolve); });
    });
  };

  /* The other parts in the background, BACKGROUND at a time, in list order; they stop at a failure. */
  Explorer.prototype.loadRest = function () {
    if (this.loadingRest) return;
    this.loadingRest = true;
    var self = this, next = 0, count = this.index.parts.length;
    var pump = function () {
      while (next < count && self.parts[next]) next++;
      if (next < count) self.part(next++).then(pump, function () {});
    };
    for (var i = 0; i < BACKGROUND; i++) pump();
  };

  /* A promise of the first `limit` matches shown; a newer call supersedes this one. When the shown
     rows do not begin them, the first FIRST rows come first (a screen shows a few; at 10,000 papers
     with the CPU slowed 4×, building 100 rows took 50 ms and a rare tag's first 100 papers were in 6
     parts) and the others in a later task. */
  Explorer.prototype.renderRows = function () {
    var self = this;
    var wanted = this.result.matches.slice(0, Math.min(this.limit, this.result.matches.length));
    var token = this.token = (this.token || 0) + 1;
    var shown = this.rendered || [];
    var first = shown.length && isPrefix(shown, wanted) ? wanted : wanted.slice(0, FIRST);
    return this.whenLoaded(first, token).then(function (ready) {
      if (!ready) return null;
      self.showRows(first);
      if (first.length === wanted.length) return null;
      return nextTask().then(function () { return self.whenLoaded(wanted, token); }).then(function (rest) {
        if (rest) self.showRows(wanted);
      });
    });
  };

  /* A promise, true once the parts of these papers are in and `token` is still the newest rendering. */
  Explorer.prototype.whenLoaded = function (indexes, token) {
    var self = this, missing = [];
    indexes.forEach(function (index) {
      var number = Math.floor(index / self.index.part_size);
      if (!self.papers[index] && missing.indexOf(number) < 0) missing.push(number);
    });
    if (!missing.length) return Promise.resolve(this.token === token);
    this.showStatus("Loading the papers…");
    return Promise.all(missing.map(function (number) { return self.part(number); })).then(
      function () { return self.token === token; },
      function (error) {
        if (self.token === token) self.showStatus(failure(error));
        return false;
      }
    );
  };

  function nextTask() {
    return new Promise(function (resolve) { setTimeout(resolve, 0); });
  }

  /* Rows for `wanted`: the rows shown stay when they begin it. */
  Explorer.prototype.showRows = function (wanted) {
    var rendered = this.rendered || [];
    if (isPrefix(rendered, wanted)) {
      var fragment = document.createDocumentFragment();
      for (var i = rendered.length; i < wanted.length; i++) fragment.appendChild(this.row(wanted[i]));
      this.rows.appendChild(fragment);
    } else {
      this.rows.replaceChildren.apply(this.rows, wanted.map(this.row, this));
    }
    this.rendered = wanted;
    this.showStatus("");
    var rest = this.result.matches.length - Math.min(this.limit, this.result.matches.length);
    this.more.hidden = rest <= 0;
    if (rest > 0) {
      this.more.textContent = "Show " + Math.min(PAGE, rest) + " more (" + PF.number(rest) + " not shown yet)";
    }
    this.loadRest();
  };

  function isPrefix(a, b) {
    if (a.length > b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  Explorer.prototype.showMore = function () {
    var self = this, first = this.rows.children.length;
    this.limit += PAGE;
    this.renderRows().then(function () {
      if (!self.more.hidden) return;
      // The button is gone: move focus to the first new paper rather than losing it.
      var link = self.rows.children[first] && self.rows.children[first].querySelector("a");
      if (link) link.focus();
    });
  };

  Explorer.prototype.row = function (index) {
    if (this.nodes[index]) return this.nodes[index];
    var paper = this.papers[index], record = this.records[index];
    var section = this.sectionsBySlug[record.section];
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
      record.cited !== null ? el("span", {
        class: "pl-cited", text: "cited by " + record.cited,
        title: "Cited by " + record.cited + " works according to OpenAlex, counted on " + paper.cited_by_date,
      }) : null,
      el("span", { class: "pl-row__section" }, [
        "in ",
        el("a", { href: new URL(paper.page, this.source).href, text: section ? section.title : record.section }),
      ]),
    ]);
    var links = el("p", { class: "pl-row__links" });
    paper.code.forEach(function (link) {
      links.appendChild(el("a", {
        class: "pl-code " + (link.official ? "pl-code--official" : "pl-code--unofficial"),
        href: safeUrl(link.url),
        rel: "noopener",
        title: link.official ? "Official code" : "Unofficial code by a third party",
      }, [el("span", { class: "pl-code__kind", text: link.official ? "code" : "unofficial code" }), " " + link.repo]));
    });
    var names = this.tagNames;
    record.tags.forEach(function (slug) {
      links.appendChild(el("button", {
        type: "button", class: "pl-row__tag", "data-tag": slug, title: "Show only papers with this tag",
        text: names[slug] || slug,
      }));
    });
    var node = el("li", { class: "pl-row", "data-key": paper.key }, [title, meta, links]);
    this.nodes[index] = node;
    return node;
  };

  /* The formats of the download and copy buttons, read from the list's own exports (named in the
     index), split into records by key. */
  var FORMATS = {
    bibtex: {
      label: "BibTeX", for: "LaTeX", extension: ".bib", type: "application/x-bibtex",
      split: function (text) {
        var byKey = {};
        text.split(/\n(?=@\w+\{)/).forEach(function (entry) {
          var key = /^@\w+\{([^,\s]+),/.exec(entry.trim());
          if (key) byKey[key[1]] = entry.trim();
        });
        return byKey;
      },
      join: function (entries) { return entries.join("\n\n") + "\n"; },
      entries: function (n) { return n === 1 ? "1 BibTeX entry" : PF.number(n) + " BibTeX entries"; },
    },
    ris: {
      label: "RIS", for: "EndNote, Mendeley, Zotero", extension: ".ris", type: "application/x-research-info-systems",
      split: function (text) {
        var byKey = {};
        text.split(/\n(?=TY  - )/).forEach(function (record) {
          var id = /^ID  - (.*)$/m.exec(record);
          if (id) byKey[id[1].trim()] = record.trim() + "\n";
        });
        return byKey;
      },
      join: function (records) { return records.join("\n"); },
      entries: function (n) { return n === 1 ? "1 RIS record" : PF.number(n) + " RIS records"; },
    },
    csl: {
      label: "CSL-JSON", for: "Zotero, pandoc", extension: ".csl.json", type: "application/vnd.citationstyles.csl+json",
      split: function (text) {
        var byKey = {};
        JSON.parse(text).forEach(function (item) { byKey[item.id] = item; });
        return byKey;
      },
      join: function (items) { return JSON.stringify(items, null, 1) + "\n"; },
      entries: function (n) { return n === 1 ? "1 CSL-JSON item" : PF.number(n) + " CSL-JSON items"; },
    },
  };

  /* A promise of the function that gives a paper's record in the format `name`, by its key. */
  Explorer.prototype.recordsIn = function (name) {
    var format = FORMATS[name], file = this.index.exports[name];
    return load(new URL(file, this.source).href, true).then(function (text) {
      var byKey = format.split(text);
      return function (key) {
        if (!(key in byKey)) throw new Error(key + " is missing from " + file);
        return byKey[key];
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
    var papers = this.papers;
    var matches = this.result.matches.slice();
    var format = FORMATS[this.format.value];
    return Promise.all([this.recordsIn(this.format.value), this.allParts()]).then(function (loaded) {
      var recordOf = loaded[0];
      return format.join(matches.map(function (index) { return recordOf(papers[index].key); }));
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
    load(explorer.source).then(function (index) {
      // The first part too (the page preloads both): with it in, the bar and the first rows of most
      // states are built in one task and laid out once. A failure shows when the rows need the part.
      var first = index.parts.length ? load(new URL(index.parts[0], explorer.source).href) : null;
      return Promise.resolve(first).then(function () { return index; }, function () { return index; });
    }).then(
      function (index) {
        if (!document.contains(root)) return; // the reader has moved on (instant navigation)
        explorer.start(index);
      },
      function (error) {
        explorer.loading.textContent = failure(error) + " ";
        explorer.loading.appendChild(el("a", { href: explorer.source, text: "Open the explorer's index" }));
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
