// The review queue: a checkbox that selects every lesson on the page (without JavaScript, each is ticked by hand).
(function () {
  "use strict";
  var all = document.querySelector(".js-select-page");
  if (!all) { return; }
  function boxes() { return Array.prototype.slice.call(document.querySelectorAll('input[name="ids"][form="bulk"]')); }
  all.closest("label").hidden = false;
  all.addEventListener("change", function () {
    boxes().forEach(function (box) { box.checked = all.checked; });
  });
  function sync() {
    var picked = boxes().filter(function (box) { return box.checked; }).length;
    all.checked = picked > 0 && picked === boxes().length;
    all.indeterminate = picked > 0 && !all.checked;
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches('input[name="ids"][form="bulk"]')) { sync(); }
  });
  sync();  // lessons ticked when the page comes (the bulk form sent without its tag comes back as sent)
})();
