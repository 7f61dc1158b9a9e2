// Aduan's own script: small behaviours that used to be inline attributes. The
// Content-Security-Policy allows scripts only from static files (docs/decisions/0014-hardening.md).
// Every page works without it.
"use strict";

// <button data-print> prints the page (the desk's receipts).
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("[data-print]") : null;
  if (button) {
    event.preventDefault();
    window.print();
  }
});
