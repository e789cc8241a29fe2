/* Paper cards: copy a card's BibTeX to the clipboard. Works with Material's instant
   navigation: one delegated listener on the document survives page swaps. */
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
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
      ok ? resolve() : reject(new Error("copy failed"));
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.pl-copy");
    if (!button) return;
    var card = button.closest(".pl-card");
    /* Copy BibTeX copies the entry; a button with data-copy-from copies that element of its card. */
    var code = card && card.querySelector(button.getAttribute("data-copy-from") || ".pl-bibtex__source");
    if (!code) return;
    var label = button.textContent;
    copyText(code.textContent).then(
      function () { button.textContent = "Copied"; },
      function () { button.textContent = "Copy failed: open BibTeX and select"; }
    ).then(function () {
      setTimeout(function () { button.textContent = label; }, 2000);
    });
  });
})();
