/* The header's search, backed by Pagefind: its index (site/pagefind/) is split into chunks that a query
   fetches as it needs them. One result per paper, linking to its card (title, authors, venue and year,
   section); the pages people wrote come after the papers. Opened by clicking it or with "/", "f" or "s";
   arrow keys choose a result, Enter follows it, Escape closes. The header is not swapped by Material's
   instant navigation, so this runs once; result links go through instant navigation like any link. */
(function () {
  "use strict";

  var root = document.querySelector("[data-pl-search]");
  var toggle = document.getElementById("__search");
  if (!root || !toggle) return;
  var input = root.querySelector(".md-search__input");
  var list = root.querySelector(".md-search-result__list");
  var status = root.querySelector("[data-pl-search-status]");
  var form = root.querySelector("form");
  // Resolved now: the attribute is relative to the page this header was first rendered on.
  var entry = new URL(root.getAttribute("data-pagefind"), document.baseURI).href;
  var siteRoot = new URL("../", entry).href;
  var PAPERS = 10, PAGES = 5;
  var pagefind = null, loading = null, destroyed = Promise.resolve(), sequence = 0, active = -1;

  /* Pagefind keeps an index chunk that failed to load for the page's lifetime and answers without it ("no
     result"). Its worker is therefore started from search-worker.js, which tries a failed request again
     and reports one that still fails; a query during which one failed is not answered (see run()). */
  var workerScript = document.currentScript && new URL("search-worker.js", document.currentScript.src).href;
  var failures = 0;

  /* Pagefind creates its worker in the call that starts it: only for that call, Worker starts ours. */
  function startPagefind() {
    var NativeWorker = window.Worker;
    if (!NativeWorker || !workerScript) return pagefind.init();
    window.Worker = function (url, options) {
      var wrapped = workerScript + "?pagefind=" + encodeURIComponent(new URL(url, document.baseURI).href);
      var worker = new NativeWorker(wrapped, options);
      worker.addEventListener("message", function (event) {
        if (event.data && event.data.indexRequestFailed) failures++;
      });
      return worker;
    };
    try {
      return pagefind.init();
    } finally {
      window.Worker = NativeWorker;
    }
  }

  function load() {
    if (!loading) {
      loading = destroyed.then(function () { return import(entry); }).then(function (module) {
        pagefind = module;
        return pagefind.options({ excerptLength: 0 }).then(startPagefind);
      }).catch(function (error) {
        loading = null;
        throw error;
      });
    }
    return loading;
  }

  /* After a failure: the next load() starts a fresh Pagefind, which fetches every chunk again (from the
     browser's cache, those that came), once the old one is gone. */
  function reload() {
    loading = null;
    if (pagefind) destroyed = pagefind.destroy().catch(function () {});
  }

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    input.focus();
    load().catch(function () {});
  }

  function close() {
    if (toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
    input.blur();
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function item(data, kind) {
    var meta = data.meta || {};
    var link = el("a", "md-search-result__link");
    link.href = new URL(meta.link || "", siteRoot).href;
    var li = el("li", "md-search-result__item pl-search__item pl-search__item--" + kind);
    var article = el("article", "md-search-result__article md-typeset");
    article.appendChild(el("h1", "", meta.title || meta.link));
    if (kind === "paper") {
      if (meta.authors) article.appendChild(el("p", "pl-search__authors", meta.authors));
      var where = [meta.venue, meta.section ? "in " + meta.section : ""].filter(Boolean).join(" · ");
      if (where) article.appendChild(el("p", "pl-search__where", where));
    }
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  /* The result Enter follows from the search box: the first, until the arrow keys move to another (focus
     then moves to its link, as in Material's own search; ArrowUp from the first returns to the box). */
  function setActive(index, focus) {
    var items = list.querySelectorAll(".pl-search__item");
    active = items.length ? Math.max(-1, Math.min(index, items.length - 1)) : -1;
    items.forEach(function (node, i) { node.classList.toggle("pl-search__item--active", i === active); });
    if (!focus) return;
    if (active < 0) { active = 0; input.focus(); setActive(0, false); return; }
    items[active].querySelector("a").focus();
  }

  /* Adds to the list the papers after the first `shown` (0: a new list, for `query`), then the pages. */
  function show(papers, pages, query, shown) {
    if (!shown) {
      list.textContent = "";
      list.setAttribute("data-query", query);  // what the list shows results of (tests wait for it)
    }
    papers.slice(shown).forEach(function (data) { list.appendChild(item(data, "paper")); });
    if (pages.length) {
      list.appendChild(el("li", "pl-search__group", "Pages"));
      pages.forEach(function (data) { list.appendChild(item(data, "page")); });
    }
    if (!shown) setActive(0, false);
  }

  /* The status, read by screen readers: once the papers are all in, and again with the pages. */
  function say(query, papers, pages) {
    status.textContent = papers + pages ? papers + (papers === 1 ? " paper" : " papers") +
      (pages ? " and " + pages + (pages === 1 ? " page" : " pages") : "") + " for “" + query + "”"
      : "No paper or page matches “" + query + "”";
  }

  function run(retried) {
    var query = input.value.trim();
    var mine = ++sequence;
    var failed = failures;
    if (!query) {
      list.textContent = "";
      status.textContent = "Type to search the papers";
      active = -1;
      return;
    }
    function current() { return mine === sequence; }
    function top(filters, limit) {
      return pagefind.search(query, { filters: filters }).then(function (found) {
        if (failures !== failed) throw new Error("a part of the index did not load");
        return current() ? found.results.slice(0, limit).map(function (r) { return r.data(); }) : null;
      });
    }
    /* The first paper is shown as soon as its record arrives, the other papers when theirs have (their records
       are fetched together, and the last can come 100 ms after the first on a phone), then the pages. */
    var papers = [];
    load().then(function () {
      return current() ? top({ kind: "paper" }, PAPERS) : null;
    }).then(function (records) {
      if (!records || !records.length) return records && [];
      return records[0].then(function (first) {
        if (current()) {
          show([first], [], query, 0);
          status.textContent = "Searching “" + query + "”…";
          papers = [first];
        }
        return Promise.all(records);
      });
    }).then(function (data) {
      if (!data || !current()) return null;
      show(data, [], query, papers.length);
      if (data.length) say(query, data.length, 0);
      papers = data;
      return top({ not: { kind: "paper" } }, PAGES);
    }).then(function (records) {
      return records && Promise.all(records);
    }).then(function (pages) {
      if (!pages || !current()) return;
      show(papers, pages, query, papers.length);
      say(query, papers.length, pages.length);
    }).catch(function () {
      if (!current()) return;
      reload();
      if (!retried) { setTimeout(function () { if (current()) run(true); }, 300); return; }  // once more
      show([], [], query, 0);
      status.textContent = "Search could not load its index. Check the connection, then type again.";
    });
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (toggle.checked && event.key === "Escape") { event.preventDefault(); close(); return; }
    if (!toggle.checked && !typing(event.target) && (event.key === "/" || event.key === "f" || event.key === "s")) {
      event.preventDefault();
      open();
    }
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setActive(active + 1, true);
    } else if (event.key === "Enter") {
      var chosen = list.querySelectorAll(".pl-search__item")[active];
      if (chosen) {
        event.preventDefault();
        chosen.querySelector("a").click();
      }
    }
  });
  list.addEventListener("keydown", function (event) {  // on a result's link; Enter follows it natively
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    event.preventDefault();
    setActive(active + (event.key === "ArrowDown" ? 1 : -1), true);
  });

  input.addEventListener("focus", function () { if (!toggle.checked) open(); });
  input.addEventListener("input", function () { run(false); });
  form.addEventListener("reset", function () { setTimeout(function () { run(false); }, 0); input.focus(); });
  toggle.addEventListener("change", function () {
    if (toggle.checked) { input.focus(); load().catch(function () {}); }
  });
  list.addEventListener("click", function (event) {
    if (event.target.closest("a")) close();  // instant navigation (or the browser) follows the link
  });
  // Pagefind's script and its WebAssembly (about 60 kB compressed) load when the browser is idle after the
  // page, so that a first query only waits for the index chunks it needs. (Loading them with the page made no
  // difference to a query typed right after it, measured with the CPU slowed 4×: see docs/performance.md.)
  var idle = window.requestIdleCallback || function (callback) { return setTimeout(callback, 1000); };
  function preload() { idle(function () { load().catch(function () {}); }); }
  if (document.readyState === "complete") preload();
  else window.addEventListener("load", preload);
})();
