// The print view: a Print button where the browser can print from a script (a phone has no Ctrl+P to press; the
// hint beside it says how for the device). Without JavaScript the hint alone stays.
(function () {
  "use strict";
  var button = document.querySelector("button.js-print");
  if (!button || typeof window.print !== "function") { return; }
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
