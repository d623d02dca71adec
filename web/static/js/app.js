// Lessons KB: progressive enhancement only. Every action also works as a plain form without JavaScript.
(function () {
  "use strict";
  var csrf = document.body.getAttribute("data-csrf");

  function post(url, data) {
    var body = new URLSearchParams(data);
    return fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf, "X-Requested-With": "fetch", "Accept": "application/json" }
    }).then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); });
  }

  // Tags: add and remove in place, then reload the tag area.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.classList.contains("js-confirm") && !window.confirm(form.querySelector("button").textContent + "?")) {
      event.preventDefault();
      return;
    }
    if (!form.classList.contains("js-tag-add") && !form.classList.contains("js-tag-remove")) { return; }
    event.preventDefault();
    post(form.action, new FormData(form)).then(function () { window.location.reload(); })
      .catch(function () { form.submit(); });
  });

  // Times: the server writes UTC; show them in the reader's time zone and language.
  var lang = document.documentElement.lang || undefined;
  Array.prototype.forEach.call(document.querySelectorAll("time.js-local"), function (el) {
    var moment = new Date(el.getAttribute("datetime"));
    if (isNaN(moment.getTime())) { return; }
    el.title = el.textContent;
    el.textContent = moment.toLocaleString(lang, { year: "numeric", month: "short", day: "numeric",
      hour: "2-digit", minute: "2-digit" });
  });

  // Filters on a phone: the button opens them above the results without a jump (without JavaScript, the link's
  // #filters target opens them). With JavaScript it is a disclosure button: Enter or Space toggles it, and closing
  // the filters brings focus back to it.
  var filters = document.getElementById("filters");
  Array.prototype.forEach.call(document.querySelectorAll(".filter-button, .filter-close"), function (link) {
    var isButton = link.classList.contains("filter-button");
    if (isButton) {
      link.setAttribute("aria-expanded", "false");
      link.setAttribute("role", "button");
      link.addEventListener("keydown", function (event) {
        if (event.key === " ") { event.preventDefault(); link.click(); }
      });
    }
    link.addEventListener("click", function (event) {
      if (!filters) { return; }
      event.preventDefault();
      var button = document.querySelector(".filter-button");
      var open = isButton && !filters.classList.contains("open");
      filters.classList.toggle("open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) { filters.scrollIntoView({ block: "nearest" }); } else if (!isButton) { button.focus(); }
    });
  });

  // Agenda: drag and drop to reorder; the order is saved at once.
  var list = document.querySelector(".js-sortable");
  if (!list) { return; }
  var dragged = null;
  list.addEventListener("dragstart", function (e) {
    dragged = e.target.closest(".agenda-item");
    if (dragged) { dragged.classList.add("dragging"); e.dataTransfer.effectAllowed = "move"; }
  });
  list.addEventListener("dragover", function (e) {
    e.preventDefault();
    var over = e.target.closest(".agenda-item");
    if (!dragged || !over || over === dragged) { return; }
    var box = over.getBoundingClientRect();
    list.insertBefore(dragged, (e.clientY - box.top) > box.height / 2 ? over.nextSibling : over);
  });
  list.addEventListener("dragend", function () {
    if (!dragged) { return; }
    dragged.classList.remove("dragging");
    dragged = null;
    var order = Array.prototype.map.call(list.querySelectorAll(".agenda-item"), function (li) {
      return li.getAttribute("data-item");
    }).join(",");
    post(list.getAttribute("data-order-url"), { order: order }).catch(function () { window.location.reload(); });
  });
})();
