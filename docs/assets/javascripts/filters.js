/* Filters for paper lists: the filter bar of section and tag pages, and the shared core that the
   explorer (explorer.js) builds on.

   Progressive enhancement: without JavaScript the placeholder `<div data-filters hidden>` stays
   hidden and every card stays visible. With it, a bar is built from the cards' data attributes.

   State lives in the URL query (?tag=a&tag=b&from=2020&to=2022&venue=SIGIR&code=1&text=bert&sort=newest,
   plus &section=... in the explorer): replaceState while typing, pushState for discrete changes,
   read again on load and on popstate. Other parameters (Material's ?h= highlight) and the hash are
   kept. The text filter is `text`, not `q`: Material's search.share feature opens its search
   dialog for ?q= on load, and deletes `q` from the URL when that dialog closes. Material's instant navigation swaps pages without reloading scripts: everything is
   (re)initialized from `document$`. */
(function () {
  "use strict";

  // filters.css folds the section pages' bar below this width; a screen that widens opens it.
  var wideScreen = window.matchMedia("(min-width: 45em)");
  wideScreen.addEventListener("change", function () {
    if (!wideScreen.matches) return;
    document.querySelectorAll(".pl-filters__fold").forEach(function (fold) { fold.open = true; });
  });
  var SORTS = [
    ["list", "List order"],
    ["newest", "Newest first"],
    ["oldest", "Oldest first"],
    ["title", "Title A–Z"],
    ["cited", "Most cited"], // offered only where citation counts were fetched (options.cited)
  ];
  var SORT_VALUES = SORTS.map(function (s) { return s[0]; });
  var KEYS = ["tag", "section", "from", "to", "venue", "code", "text", "sort"];

  /* Lower case without diacritics: "Hofstätter" and "hofstatter" both match "Hofstätter". */
  function normalize(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function cardText(card, selector) {
    var part = card.querySelector(selector);
    return part ? part.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function titleText(card) {  // the title without the model's badge
    var title = card.querySelector(".pl-card__title");
    return title && title.firstChild ? title.firstChild.textContent.trim() : "";
  }

  function tokens(query) {
    return normalize(query).split(/\s+/).filter(Boolean);
  }

  function emptyState() {
    return { tags: [], section: "", from: null, to: null, venue: "", code: false, q: "", sort: "list" };
  }

  function year(value) {
    var n = parseInt(value, 10);
    return isFinite(n) && n > 0 ? n : null;
  }

  function readState(search) {
    var params = new URLSearchParams(search);
    var state = emptyState();
    params.getAll("tag").forEach(function (tag) {
      if (tag && state.tags.indexOf(tag) < 0) state.tags.push(tag);
    });
    state.section = params.get("section") || "";
    state.from = year(params.get("from"));
    state.to = year(params.get("to"));
    state.venue = params.get("venue") || "";
    state.code = params.get("code") === "1";
    state.q = params.get("text") || "";
    var sort = params.get("sort");
    state.sort = SORT_VALUES.indexOf(sort) >= 0 ? sort : "list";
    return state;
  }

  /* The current URL with our parameters replaced by `state`'s; others and the hash are kept. */
  function stateUrl(state) {
    var params = new URLSearchParams(location.search);
    KEYS.forEach(function (key) { params.delete(key); });
    state.tags.forEach(function (tag) { params.append("tag", tag); });
    if (state.section) params.set("section", state.section);
    if (state.from) params.set("from", String(state.from));
    if (state.to) params.set("to", String(state.to));
    if (state.venue) params.set("venue", state.venue);
    if (state.code) params.set("code", "1");
    if (state.q) params.set("text", state.q);
    if (state.sort !== "list") params.set("sort", state.sort);
    var query = params.toString();
    return location.pathname + (query ? "?" + query : "") + location.hash;
  }

  function saveState(state, push) {
    var url = stateUrl(state);
    if (url === location.pathname + location.search + location.hash) return;
    if (push) history.pushState(null, "", url);
    else history.replaceState(history.state, "", url);
  }

  /* How many filters are set: the folded bar shows it. */
  function activeFilters(state) {
    return state.tags.length + [state.q, state.section, state.from, state.to, state.venue, state.code]
      .filter(Boolean).length;
  }

  function isFiltered(state) {
    return Boolean(state.tags.length || state.section || state.from || state.to || state.venue || state.code || state.q);
  }

  /* ---------------------------------------------------------------------------------------------
     Model: records -> matches in the chosen order, and for every facet value the number of papers
     that would match with that value, given every other active filter.

     A record: {tags: [slug], sections: [slug incl. ancestors], year: int|null, venue: "",
                code: bool, text: normalized searchable text, title: normalized title, order: int}
     Tags combine with AND (a paper must have every selected tag); other facets hold one value. */
  function Model(records) {
    this.records = records;
    this.orders = {};
  }

  Model.prototype.order = function (sort) {
    if (this.orders[sort]) return this.orders[sort];
    var records = this.records;
    var index = records.map(function (_, i) { return i; });
    var noYearLast = function (a, b) {
      return (records[a].year === null) - (records[b].year === null);
    };
    var compare = {
      list: function (a, b) { return records[a].order - records[b].order; },
      newest: function (a, b) {
        return noYearLast(a, b) || (records[b].year || 0) - (records[a].year || 0) || records[a].order - records[b].order;
      },
      oldest: function (a, b) {
        return noYearLast(a, b) || (records[a].year || 0) - (records[b].year || 0) || records[a].order - records[b].order;
      },
      title: function (a, b) {
        return collator.compare(records[a].title, records[b].title) || records[a].order - records[b].order;
      },
      cited: function (a, b) {  // papers without a count last
        var x = records[a].cited, y = records[b].cited;
        return (x === null) - (y === null) || (y || 0) - (x || 0) || records[a].order - records[b].order;
      },
    }[sort];
    index.sort(compare);
    this.orders[sort] = index;
    return index;
  };

  var collator = typeof Intl !== "undefined" ? new Intl.Collator("en", { sensitivity: "base", numeric: true }) : {
    compare: function (a, b) { return a < b ? -1 : a > b ? 1 : 0; },
  };

  var FACETS = ["section", "tags", "year", "venue", "code", "text"];

  /* Returns {matches: [record index, in order], counts: {tags: {}, section: {}, year: {}, venue: {}, code: n}}. */
  Model.prototype.apply = function (state) {
    var words = tokens(state.q);
    var from = state.from, to = state.to;
    var counts = { tags: {}, section: {}, year: {}, venue: {}, code: 0 };
    var pass = new Uint8Array(this.records.length);
    var records = this.records;
    for (var i = 0; i < records.length; i++) {
      var r = records[i];
      var failed = -1, failures = 0;
      // 0 section, 1 tags, 2 year, 3 venue, 4 code, 5 text
      if (state.section && r.sections.indexOf(state.section) < 0) { failed = 0; failures++; }
      if (state.tags.length) {
        for (var t = 0; t < state.tags.length; t++) {
          if (r.tags.indexOf(state.tags[t]) < 0) { failed = 1; failures++; break; }
        }
      }
      if ((from || to) && (r.year === null || (from && r.year < from) || (to && r.year > to))) { failed = 2; failures++; }
      if (state.venue && r.venue !== state.venue) { failed = 3; failures++; }
      if (state.code && !r.code) { failed = 4; failures++; }
      if (failures < 2 && words.length) {
        for (var w = 0; w < words.length; w++) {
          if (r.text.indexOf(words[w]) < 0) { failed = 5; failures++; break; }
        }
      }
      if (failures > 1) continue;
      if (failures === 0) pass[i] = 1;
      // Counts "given the other facets": a record that fails only facet F counts for F's values.
      // Tags are conjunctive: a tag's count is the number of matches that also have that tag.
      if (failures === 0 || failed === 0) add(counts.section, r.sections);
      if (failures === 0) add(counts.tags, r.tags);
      if ((failures === 0 || failed === 2) && r.year !== null) counts.year[r.year] = (counts.year[r.year] || 0) + 1;
      if ((failures === 0 || failed === 3) && r.venue) counts.venue[r.venue] = (counts.venue[r.venue] || 0) + 1;
      if ((failures === 0 || failed === 4) && r.code) counts.code++;
    }
    var matches = this.order(state.sort).filter(function (index) { return pass[index] === 1; });
    return { matches: matches, counts: counts };
  };

  function add(target, values) {
    for (var i = 0; i < values.length; i++) target[values[i]] = (target[values[i]] || 0) + 1;
  }

  /* ---------------------------------------------------------------------------------------------
     The bar: built once per page from the values present; `render(state, result)` syncs it. */

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /* 12345 -> "12,345". Not toLocaleString: the first use of Intl's number format takes 150 ms with
     the CPU slowed 4×. */
  function number(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  function plural(n, word) {
    return number(n) + " " + word + (n === 1 ? "" : "s");
  }

  var uid = 0;

  /* options: {label, searchLabel, placeholder, tags: [{slug, name}], years: [int], venues: [str],
               sections: [{slug, title, depth}] | null, foldable: bool, onChange(state, push)} */
  function Bar(container, options) {
    var self = this;
    var id = "pl-f" + (++uid);
    this.options = options;
    this.state = emptyState();
    this.form = el("form", { class: "pl-filters__form", "aria-label": options.label, role: "search" });
    this.form.addEventListener("submit", function (event) { event.preventDefault(); });

    // Text filter
    this.input = el("input", {
      type: "search", id: id + "-q", class: "pl-input", autocomplete: "off", spellcheck: "false",
      placeholder: options.placeholder,
    });
    this.form.appendChild(el("div", { class: "pl-filters__search" }, [
      el("label", { for: id + "-q", class: "pl-field__label", text: options.searchLabel }), this.input,
    ]));

    // Selects and the code toggle
    var controls = el("div", { class: "pl-filters__controls" });
    this.selects = {};
    var select = function (name, label, first) {
      var node = el("select", { id: id + "-" + name, class: "pl-select", "data-filter": name });
      if (first) node.appendChild(el("option", { value: "", text: first }));
      controls.appendChild(el("div", { class: "pl-field pl-field--" + name }, [
        el("label", { for: node.id, class: "pl-field__label", text: label }), node,
      ]));
      self.selects[name] = node;
      return node;
    };
    if (options.sections) {
      var sections = select("section", "Section", "All sections");
      options.sections.forEach(function (s) {
        sections.appendChild(el("option", { value: s.slug, "data-label": "\u00a0\u00a0".repeat(s.depth) + s.title }));
      });
    }
    ["from", "to"].forEach(function (name) {
      var node = select(name, name === "from" ? "From year" : "To year", "Any year");
      options.years.forEach(function (y) {
        node.appendChild(el("option", { value: String(y), "data-label": String(y) }));
      });
    });
    var venues = select("venue", "Venue", "Any venue");
    options.venues.forEach(function (v) { venues.appendChild(el("option", { value: v, "data-label": v })); });
    var sort = select("sort", "Sort", null);
    SORTS.forEach(function (s) {
      if (s[0] !== "cited" || options.cited) sort.appendChild(el("option", { value: s[0], text: s[1] }));
    });
    this.codeButton = el("button", {
      type: "button", class: "pl-chip pl-chip--code", "aria-pressed": "false", "data-filter": "code",
    }, [el("span", { class: "pl-chip__label", text: "Has code" }), " ", el("span", { class: "pl-chip__count" })]);
    controls.appendChild(el("div", { class: "pl-field pl-field--code" }, [
      el("span", { class: "pl-field__label", "aria-hidden": "true", text: "Code" }), this.codeButton,
    ]));
    this.form.appendChild(controls);

    // Tag chips
    this.chips = {};
    if (options.tags.length) {
      var legend = el("legend", { class: "pl-field__label" }, [
        "Tags ", el("span", { class: "pl-filters__hint", text: "(select several to see papers with all of them)" }),
      ]);
      var list = el("div", { class: "pl-chips" });
      options.tags.forEach(function (tag) {
        var chip = el("button", { type: "button", class: "pl-chip", "aria-pressed": "false", "data-tag": tag.slug }, [
          el("span", { class: "pl-chip__label", text: tag.name }), " ", el("span", { class: "pl-chip__count" }),
        ]);
        self.chips[tag.slug] = chip;
        list.appendChild(chip);
      });
      this.form.appendChild(el("fieldset", { class: "pl-filters__tags" }, [legend, list]));
    }

    // Count and clear
    this.count = el("p", { class: "pl-filters__count", id: id + "-count", "aria-live": "polite", "aria-atomic": "true" });
    this.clear = el("button", { type: "button", class: "pl-filters__clear", text: "Clear filters" });
    this.status = el("div", { class: "pl-filters__status" }, [this.count, this.clear]);
    this.form.appendChild(this.status);

    container.textContent = "";
    if (options.foldable) {
      // Narrow screens: the bar starts folded into one "Filters" control, so that papers come first.
      this.activeCount = el("span", { class: "pl-filters__active" });
      this.fold = el("details", { class: "pl-filters__fold" }, [
        el("summary", { class: "pl-filters__toggle" }, ["Filters", this.activeCount]),
        this.form,
      ]);
      container.appendChild(this.fold);
      this.fold.open = wideScreen.matches;
    } else {
      container.appendChild(this.form);
    }

    // Events: typing replaces the history entry, discrete changes push one.
    this.input.addEventListener("input", function () {
      self.state.q = self.input.value;
      options.onChange(self.state, false);
    });
    this.form.addEventListener("change", function (event) {
      var name = event.target.getAttribute("data-filter");
      if (!name) return;
      var value = event.target.value;
      if (name === "from" || name === "to") {
        self.state[name] = year(value);
        // Keep the range the right way round.
        if (self.state.from && self.state.to && self.state.from > self.state.to) {
          if (name === "from") self.state.to = self.state.from;
          else self.state.from = self.state.to;
        }
      } else {
        self.state[name] = value || (name === "sort" ? "list" : "");
      }
      options.onChange(self.state, true);
    });
    this.form.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      if (button === self.clear) {
        var sortBy = self.state.sort;
        self.state = emptyState();
        self.state.sort = sortBy;
        options.onChange(self.state, true);
        self.input.focus();
        return;
      }
      if (button === self.codeButton) {
        self.state.code = !self.state.code;
        options.onChange(self.state, true);
        return;
      }
      var tag = button.getAttribute("data-tag");
      if (tag) {
        var at = self.state.tags.indexOf(tag);
        if (at >= 0) self.state.tags.splice(at, 1);
        else self.state.tags.push(tag);
        options.onChange(self.state, true);
      }
    });
  }

  function syncOptions(selectNode, value, counts) {
    if (!selectNode) return;
    for (var i = 0; i < selectNode.options.length; i++) {
      var option = selectNode.options[i];
      var label = option.getAttribute("data-label");
      if (label === null) continue;
      var text = label + " (" + (counts[option.value] || 0) + ")";
      if (option.textContent !== text) option.textContent = text;
    }
    if (selectNode.value !== value) selectNode.value = value;
  }

  /* Bring every control in line with `state` and the counts of `result`. */
  Bar.prototype.render = function (state, result, total) {
    this.state = state;
    var counts = result.counts;
    if (this.input.value !== state.q) this.input.value = state.q;
    syncOptions(this.selects.section, state.section, counts.section);
    syncOptions(this.selects.from, state.from ? String(state.from) : "", counts.year);
    syncOptions(this.selects.to, state.to ? String(state.to) : "", counts.year);
    syncOptions(this.selects.venue, state.venue, counts.venue);
    this.selects.sort.value = state.sort;
    this.codeButton.setAttribute("aria-pressed", String(state.code));
    this.codeButton.lastChild.textContent = String(counts.code);
    var chips = this.chips;
    Object.keys(chips).forEach(function (slug) {
      var chip = chips[slug];
      var pressed = state.tags.indexOf(slug) >= 0;
      var n = counts.tags[slug] || 0;
      chip.setAttribute("aria-pressed", String(pressed));
      chip.lastChild.textContent = String(n);
      chip.classList.toggle("pl-chip--empty", !pressed && n === 0);
    });
    var shown = result.matches.length;
    var text = number(shown) + " of " + plural(total, "paper");
    if (this.count.textContent !== text) this.count.textContent = text;
    this.clear.hidden = !isFiltered(state);
    this.form.classList.toggle("pl-filters__form--active", isFiltered(state));
    if (this.activeCount) {
      var active = activeFilters(state);
      this.activeCount.textContent = active ? " \u00b7 " + active + " active" : "";
    }
  };

  /* ---------------------------------------------------------------------------------------------
     Section and tag pages: filter the cards that are already on the page. */

  function ListFilter(container, list) {
    var self = this;
    this.container = container;
    this.list = list;
    this.pathname = location.pathname;
    var ownTag = (container.closest("[data-tag-page]") || { getAttribute: function () { return ""; } })
      .getAttribute("data-tag-page");

    // Groups: on tag pages, cards follow the h2 of their section; on section pages, one group.
    this.groups = [];
    this.cards = [];
    var group = { heading: null, indices: [] };
    this.groups.push(group);
    Array.prototype.forEach.call(list.children, function (child) {
      if (child.matches("h2, .pl-group-title")) {
        group = { heading: child, indices: [] };
        self.groups.push(group);
      } else if (child.matches(".pl-card")) {
        group.indices.push(self.cards.length);
        self.cards.push(child);
      }
    });
    this.groups = this.groups.filter(function (g) { return g.heading || g.indices.length; });

    var tagNames = {}, tagCounts = {}, years = {}, venues = {};
    var records = this.cards.map(function (card, order) {
      var tags = (card.getAttribute("data-tags") || "").split(/\s+/).filter(Boolean);
      tags.forEach(function (slug) { tagCounts[slug] = (tagCounts[slug] || 0) + 1; });
      card.querySelectorAll(".pl-tag[data-tag]").forEach(function (link) {
        tagNames[link.getAttribute("data-tag")] = link.textContent.trim();
      });
      var y = year(card.getAttribute("data-year"));
      if (y) years[y] = true;
      var venue = card.getAttribute("data-venue") || "";
      if (venue) venues[venue] = true;
      return {
        key: card.getAttribute("data-key"),
        tags: tags,
        sections: [],
        year: y,
        venue: venue,
        code: card.getAttribute("data-code") === "yes",
        // What the text filter matches: the card's title, model, authors, venue and key idea, as shown
        text: normalize(cardText(card, ".pl-card__title") + " " + cardText(card, ".pl-card__meta") + " " +
          cardText(card, ".pl-card__idea")),
        title: normalize(titleText(card)),
        cited: card.hasAttribute("data-cited-by") ? Number(card.getAttribute("data-cited-by")) : null,
        order: order,
      };
    });
    this.model = new Model(records);
    var tags = Object.keys(tagCounts)
      .filter(function (slug) { return slug !== ownTag; })
      .sort(function (a, b) {
        return tagCounts[b] - tagCounts[a] || collator.compare(tagNames[a] || a, tagNames[b] || b);
      })
      .map(function (slug) { return { slug: slug, name: tagNames[slug] || slug }; });

    this.bar = new Bar(container, {
      label: "Filter the papers of this page",
      foldable: true,
      searchLabel: "Search this list",
      placeholder: "Title, model, author or key idea",
      tags: tags,
      years: Object.keys(years).map(Number).sort(function (a, b) { return a - b; }),
      venues: Object.keys(venues).sort(collator.compare),
      sections: null,
      cited: records.some(function (r) { return r.cited !== null; }),
      onChange: function (state, push) {
        saveState(state, push);
        self.apply(state);
      },
    });
    this.empty = el("p", { class: "pl-filters__empty", hidden: true }, [
      "No paper on this page matches these filters. ",
    ]);
    var clearAgain = el("button", { type: "button", class: "pl-filters__clear", text: "Clear filters" });
    clearAgain.addEventListener("click", function () { self.bar.clear.click(); });
    this.empty.appendChild(clearAgain);
    list.parentNode.insertBefore(this.empty, list);
    container.hidden = false;
    this.sort = "list";
  }

  ListFilter.prototype.apply = function (state) {
    var result = this.model.apply(state);
    var visible = new Uint8Array(this.cards.length);
    result.matches.forEach(function (i) { visible[i] = 1; });
    var cards = this.cards;
    this.groups.forEach(function (group) {
      var any = false;
      group.indices.forEach(function (index) {
        cards[index].hidden = !visible[index];
        if (visible[index]) any = true;
      });
      if (group.heading) group.heading.hidden = !any;
    });
    if (state.sort !== this.sort) {
      // Reorder within each group: tag pages keep their section headings.
      var rank = new Uint32Array(cards.length);
      this.model.order(state.sort).forEach(function (index, position) { rank[index] = position; });
      var list = this.list;
      this.groups.forEach(function (group) {
        var sorted = group.indices.slice().sort(function (a, b) { return rank[a] - rank[b]; });
        var fragment = document.createDocumentFragment();
        sorted.forEach(function (index) { fragment.appendChild(cards[index]); });
        if (group.heading) group.heading.parentNode.insertBefore(fragment, group.heading.nextSibling);
        else list.appendChild(fragment);
      });
      this.sort = state.sort;
    }
    this.bar.render(state, result, cards.length);
    this.empty.hidden = result.matches.length > 0;
    this.state = state;
  };

  ListFilter.prototype.restore = function () {
    this.apply(readState(location.search));
  };

  var current = null; // the filter of the section or tag page on screen

  function init() {
    var container = document.querySelector("[data-filters]");
    var list = document.querySelector("[data-paper-list]");
    if (container && container.hasAttribute("data-filters-ready")) return; // this page's bar is built
    current = null;
    if (!container || !list) return;
    if (!list.querySelector(".pl-card")) return;
    container.setAttribute("data-filters-ready", "");
    current = new ListFilter(container, list);
    current.restore();
  }

  window.addEventListener("popstate", function () {
    if (current && current.pathname === location.pathname && document.contains(current.container)) {
      current.restore();
    }
  });

  /* `callback` runs now for the page being loaded, without waiting for Material's bundle (on a busy
     machine the cards would otherwise wait, hidden, for it; see filters.css), and again on every page
     that instant navigation brings. Callbacks are idempotent: document$ also emits for this page. */
  function onEveryPage(callback) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () { callback(); });
    } else {
      callback();
    }
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(function () { callback(); });
    }
  }

  window.PaperFilters = {
    normalize: normalize,
    readState: readState,
    saveState: saveState,
    isFiltered: isFiltered,
    emptyState: emptyState,
    Model: Model,
    Bar: Bar,
    el: el,
    plural: plural,
    number: number,
    onEveryPage: onEveryPage,
  };

  onEveryPage(init);
})();
