/* The worker in which Pagefind searches (search.js starts it in place of Pagefind's own, named in the
   "pagefind" parameter, which it then runs unchanged). Pagefind keeps a chunk of its index that failed to
   load for the page's lifetime and answers without it, so a request of the index that fails for a moment
   (a dropped connection, a server's 5xx) is tried again here; one that still fails is reported to the page,
   which does not answer the query from a partial index. */
(function () {
  "use strict";

  var script = new URL(new URL(self.location.href).searchParams.get("pagefind") || "", self.location.href);
  if (script.origin !== self.location.origin || !/\/pagefind-worker\.js$/.test(script.pathname)) {
    throw new Error("search-worker.js: not Pagefind's worker on this site: " + script.href);
  }
  var index = new URL("./", script).href;
  var nativeFetch = self.fetch;
  var RETRY_AFTER_MS = [250, 1000];

  function transient(response) {
    return response.status >= 500 || response.status === 408 || response.status === 429;
  }

  function failed(url) {
    self.postMessage({ indexRequestFailed: url });  // Pagefind's own listener ignores a message without its id
  }

  function indexFetch(input, init) {
    var url = input instanceof Request ? input.url : String(input);
    var attempt = 0;
    function again() {
      return new Promise(function (resolve) { setTimeout(resolve, RETRY_AFTER_MS[attempt++]); }).then(once);
    }
    function once() {
      return nativeFetch.call(self, input, init).then(function (response) {
        if (response.ok) return response;
        if (transient(response) && attempt < RETRY_AFTER_MS.length) return again();
        failed(url);
        throw new Error(url + ": HTTP " + response.status);
      }, function (error) {
        if (attempt < RETRY_AFTER_MS.length) return again();
        failed(url);
        throw error;
      });
    }
    return once();
  }

  self.fetch = function (input, init) {
    var url = new URL(input instanceof Request ? input.url : String(input), index).href;
    return url.indexOf(index) === 0 ? indexFetch(input, init) : nativeFetch.apply(self, arguments);
  };

  importScripts(script.href);
})();
