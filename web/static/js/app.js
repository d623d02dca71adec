// Lessons KB: progressive enhancement only. Every action also works as a plain form without JavaScript.
(function () {
  "use strict";
  var csrf = document.body.getAttribute("data-csrf");

  // An amount as the pages write it (kb.wording.number): digits grouped by three with a comma, in both languages.
  function grouped(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }

  function post(url, data) {
    var body = new URLSearchParams(data);
    return fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf, "X-Requested-With": "fetch", "Accept": "application/json" }
    }).then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); });
  }

  // A message about an action that brought the reader back to a place on the page (#lesson-12 in the review queue,
  // #item-3 of an agenda, #synonyms) is shown there, where the page opens, not at its top, which nobody saw on a
  // long page: at the start of the place (just under it for a heading). Without JavaScript it stays at the top.
  var flashes = Array.prototype.slice.call(document.querySelectorAll("main > .flash")), spot = null;
  try {
    spot = flashes.length && window.location.hash.length > 1 &&
      document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
  } catch (e) { spot = null; }  // a malformed %-escape in the address
  flashes.reverse().forEach(function (flash) {  // each put first: the error, first on the page, stays first
    if (!spot || spot.tagName === "MAIN" || spot.contains(flash)) { return; }
    if (/^H[1-6]$/.test(spot.tagName)) { spot.parentNode.insertBefore(flash, spot.nextSibling); }
    else { spot.insertBefore(flash, spot.firstChild); }
    flash.classList.add("here");
  });

  // The search box's placeholder gives an example where it fits whole (a desktop); on a phone the example was cut
  // in the middle of a word, and the box says only what to type (the page's examples are under it).
  var box = document.querySelector("input[data-placeholder-long]");
  if (box) {
    var short = box.getAttribute("placeholder"), long = box.getAttribute("data-placeholder-long");
    var fitPlaceholder = function () {
      var style = window.getComputedStyle(box), context = document.createElement("canvas").getContext("2d");
      context.font = style.fontStyle + " " + style.fontWeight + " " + style.fontSize + " " + style.fontFamily;
      var room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 24;  // the clear button
      box.setAttribute("placeholder", context.measureText(long).width <= room ? long : short);
    };
    fitPlaceholder();
    window.addEventListener("resize", fitPlaceholder);
  }

  // Back (or forward) to a page of results, Chromium put back what had been typed in the box since, the next query,
  // over the results of this one: the box and the mode say again what the page shows (as the server wrote them).
  var searchForm = document.querySelector("form.search");
  if (searchForm) {
    window.addEventListener("pageshow", function (event) {
      var entry = window.performance && performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
      if (event.persisted || (entry && entry.type === "back_forward")) { searchForm.reset(); }
    });
  }

  // A text box with a limit (data-limit): the paste box, a lesson's texts, an agenda item's note. How many characters it holds,
  // said in its counter (data-counter) as the text is pasted or typed, from data-count-from on; over the limit the
  // box is marked and the count says by how much (the server refuses it with the same words). The boxes have no
  // maxlength: that cut a longer text without a word. Characters are counted as the server counts them (code
  // points: an emoji is one, not two).
  Array.prototype.forEach.call(document.querySelectorAll("[data-limit][data-counter]"), function (box) {
    var counter = document.getElementById(box.getAttribute("data-counter"));
    if (!counter) { return; }
    var from = Math.max(1, Number(box.getAttribute("data-count-from") || 1));
    var byServer = box.hasAttribute("aria-invalid");  // a mistake the server said: marked until it is sent again
    var countText = function () {
      var limit = Number(box.getAttribute("data-limit")), count = Array.from(box.value).length;
      var over = count > limit;
      counter.textContent = count < from ? "" : counter.getAttribute(over ? "data-over" : "data-count")
        .replace("{count}", grouped(count)).replace(/\{limit\}/g, grouped(limit)).replace("{over}", grouped(count - limit));
      counter.classList.toggle("over", over);
      if (over) { box.setAttribute("aria-invalid", "true"); }
      else if (!byServer) { box.removeAttribute("aria-invalid"); }
      lineUp(box.closest("[data-counts-in-line]"));
    };
    box.addEventListener("input", countText);
    countText();
  });

  // A row of fields whose boxes stand in line (an agenda item's: presenter, time, length, note, minutes), two of them
  // counted under their box: the counts shown take the same room under every field (--count-room, app.css), so a
  // counted box no longer rises a line above the others when its count appears.
  function lineUp(row) {
    if (!row) { return; }
    row.style.setProperty("--count-room", "0px");  // measured as the counts are, not as the last room made them
    var room = 0;
    Array.prototype.forEach.call(row.querySelectorAll(".paste-count"), function (count) {
      if (count.textContent) { room = Math.max(room, count.getBoundingClientRect().height); }
    });
    row.style.setProperty("--count-room", room + "px");
  }

  // Tags: add and remove in place, then reload the tag area.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    // the question is the page's, in its language (data-confirm); the button's word alone said little
    var question = form.dataset.confirm || form.querySelector("button").textContent;
    if (form.classList.contains("js-confirm") && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    if (form.classList.contains("js-move")) { move(event, form); return; }
    if (form.classList.contains("add-session")) { addToSession(event, form); return; }
    if (!form.classList.contains("js-tag-add") && !form.classList.contains("js-tag-remove")) { return; }
    event.preventDefault();
    send(form).then(function (reply) {
      if (reply.ok && reply.body.message) {  // nothing to add (it has that tag already): said under the field
        sayUnder(form, reply.body.message, false);
        return;
      }
      if (reply.ok) {
        keepTagFocus(form);
        window.location.reload();
        return;
      }
      // a tag that cannot be one ("###"): said under the field, what was typed kept, not the page reloaded at
      // its top with the message there, far from the lesson being tagged
      sayUnder(form, reply.error, true);
      var field = form.elements.tag;
      if (field) { field.focus(); }
    }).catch(function () { form.submit(); });
  });

  // A form sent by the page's script: its reply, and the server's reason in the page's language when refused
  // (rejected without one: the form is then sent as a plain form, which comes back saying why).
  function send(form) {
    return fetch(form.action, {
      method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf, "X-Requested-With": "fetch", "Accept": "application/json" }
    }).then(function (r) {
      return r.json().then(function (body) {
        var error = !r.ok && body.error && body.error.message;
        if (!r.ok && !error) { throw new Error("no message"); }
        if (!r.ok && body.csrf_token) { renewToken(body.csrf_token); }
        return { ok: r.ok, body: body, error: error };
      });
    });
  }

  // A form refused for its expired token (the page left open overnight, a login since): the server sends a fresh
  // one, which the page's forms and script take, so that what was typed is sent again as it stands in its field
  // ("reload the page and try again" lost it).
  function renewToken(token) {
    csrf = token;
    document.body.setAttribute("data-csrf", token);
    Array.prototype.forEach.call(document.querySelectorAll("input[name=csrf_token]"), function (field) {
      field.value = token;
    });
  }

  // A line under a form saying what happened, made once and said again in place.
  function sayUnder(form, text, isError) {
    var status = form.nextElementSibling;  // under the form, which keeps its one line
    if (!status || !status.classList.contains("add-status")) {
      status = document.createElement("p");
      status.className = "add-status";
      status.setAttribute("role", "status");
      form.parentNode.insertBefore(status, form.nextSibling);
    }
    status.classList.toggle("error", isError);
    status.textContent = text;
  }

  // Back from a result: the list comes back where it was, with the focus on the link that was followed. The search
  // box's autofocus took the reader to the page's top instead (Back reloads a page sent with no-store, a logged-in
  // one, and the browser's restored scroll lost to the focus); on the start page and after a search (a page opened,
  // not gone back to) the box still has the focus, as before, but on a touch screen, where it brought the keyboard up
  // over the page (a phone's reader taps the box to search), and on the first page only (search.html).
  var PLACE = "kb-back-place";
  function navigation() {
    var entry = window.performance && performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
    return entry ? entry.type : "navigate";
  }
  var searchBox = document.querySelector("#q[data-focus]");
  var touch = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
  if (searchBox && navigation() === "navigate" && !touch) { searchBox.focus(); }
  Array.prototype.forEach.call(document.querySelectorAll("[data-keep-place]"), function (list) {
    list.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (!link || !list.contains(link)) { return; }
      var links = Array.prototype.slice.call(list.querySelectorAll("a[href]"));
      try {
        window.sessionStorage.setItem(PLACE, JSON.stringify({ url: window.location.href, index: links.indexOf(link),
          href: link.getAttribute("href") }));
      } catch (e) { /* storage refused: the focus starts at the top, as without this */ }
    });
  });
  (function restorePlace() {
    var wanted = null;
    try { wanted = JSON.parse(window.sessionStorage.getItem(PLACE) || "null"); } catch (e) { return; }
    if (!wanted || wanted.url !== window.location.href || navigation() !== "back_forward") { return; }
    var links = Array.prototype.slice.call(document.querySelectorAll("[data-keep-place] a[href]"));
    var link = links[wanted.index] && links[wanted.index].getAttribute("href") === wanted.href ? links[wanted.index]
      : links.filter(function (a) { return a.getAttribute("href") === wanted.href; })[0];
    if (!link) { return; }
    link.focus({ preventScroll: true });  // the browser puts the page back where it was
    window.addEventListener("load", function () {  // or, where it did not, the link is brought into sight
      var box = link.getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight) { link.scrollIntoView({ block: "center" }); }
    });
  })();

  // The page reloads after a tag is added or removed (lists, counts and suggestions change with it), and the focus
  // went back to the page's top: a curator tagging the 6th lesson of the queue from the keyboard started again from
  // "Skip to the content". The focus comes back to the tag field of the same document or lesson.
  var TAG_FOCUS = "kb-tag-focus";
  function keepTagFocus(form) {
    try {
      window.sessionStorage.setItem(TAG_FOCUS, JSON.stringify({ url: window.location.href,
        target: form.elements.target.value, ref: form.elements.ref.value }));
    } catch (e) { /* storage refused: the focus starts at the top, as without this */ }
  }
  (function restoreTagFocus() {
    var wanted = null;
    try {
      wanted = JSON.parse(window.sessionStorage.getItem(TAG_FOCUS) || "null");
      window.sessionStorage.removeItem(TAG_FOCUS);
    } catch (e) { return; }
    if (!wanted || wanted.url !== window.location.href) { return; }
    var field = Array.prototype.filter.call(document.querySelectorAll("form.tag-add"), function (f) {
      return f.elements.target.value === wanted.target && f.elements.ref.value === wanted.ref;
    }).map(function (f) { return f.elements.tag; })[0];
    if (!field) { return; }
    field.focus({ preventScroll: true });  // the reload puts the page back where it was
    window.addEventListener("load", function () {
      var box = field.getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight) { field.scrollIntoView({ block: "nearest" }); }
    });
  })();

  // "Add to session" from search results, documents and lessons: added in place, said under the button (or why
  // not, in the page's language); the page used to reload at its top, a curator adding the 7th result of a search
  // scrolled back down to it after each one. Without JavaScript the form still posts and comes back.
  function addToSession(event, form) {
    event.preventDefault();
    var option = form.elements.session_id.selectedOptions[0];
    if (option.hasAttribute("data-on-agenda")) { return; }  // the button says so; it stays focused
    send(form).then(function (reply) {
      if (reply.ok) {
        option.setAttribute("data-on-agenda", "");
        option.textContent = option.getAttribute("data-on-label");  // its title shorter: the list shows it whole
        showAgenda(form);
      }
      sayUnder(form, reply.ok ? form.getAttribute("data-added").replace("{title}", option.getAttribute("data-title"))
        : reply.error, !reply.ok);
    }).catch(function () { form.submit(); });
  }

  // Whether the chosen session already has the lesson: the button says "On the agenda" (aria-disabled: it keeps the
  // focus) and the hit's badge shows. A session chosen in one list is chosen in every list of the page that offers
  // it: a curator assembling one session picks it once.
  function showAgenda(form) {
    var on = form.elements.session_id.selectedOptions[0].hasAttribute("data-on-agenda");
    var button = form.querySelector("button[type=submit]"), hit = form.closest(".hit");
    button.textContent = form.getAttribute(on ? "data-on" : "data-add");
    if (on) { button.setAttribute("aria-disabled", "true"); } else { button.removeAttribute("aria-disabled"); }
    form.classList.toggle("on-agenda", on);
    var badge = hit && hit.querySelector(".badge.on-agenda");
    if (badge) { badge.hidden = !on; badge.title = form.elements.session_id.selectedOptions[0].getAttribute("data-title"); }
  }
  var addForms = Array.prototype.slice.call(document.querySelectorAll("form.add-session"));
  addForms.forEach(function (form) {
    // Served for a browser without JavaScript: a session the lesson is on cannot be chosen, the first it is not on
    // is chosen (and the button is disabled when it is on all). Here every session is offered, the first chosen,
    // and the button says whether the lesson is on it.
    var select = form.elements.session_id;
    Array.prototype.forEach.call(select.options, function (option) { option.disabled = false; });
    select.selectedIndex = 0;
    form.querySelector("button[type=submit]").disabled = false;
    showAgenda(form);
    form.elements.session_id.addEventListener("change", function () {
      var chosen = form.elements.session_id.value;
      addForms.forEach(function (other) {
        var select = other.elements.session_id;
        if (other !== form && select.querySelector('option[value="' + chosen + '"]')) { select.value = chosen; }
        showAgenda(other);
      });
    });
  });

  // Times: the server writes UTC; show them in the reader's time zone and language. The hour as the language writes
  // it: "4:34 AM" in English ("2-digit" wrote "04:34 AM"), 04:34 in Chinese, as the page's own times (14:30) are.
  // The clock is the language's, said outright: left to the browser, one set to a 12-hour clock (Safari follows the
  // system's setting) wrote 下午3:05 on a Chinese page, whose other times (a session's 14:30) are 24-hour.
  var lang = document.documentElement.lang || undefined;
  var chinese = /^zh/.test(lang || "");
  Array.prototype.forEach.call(document.querySelectorAll("time.js-local"), function (el) {
    var moment = new Date(el.getAttribute("datetime"));
    if (isNaN(moment.getTime())) { return; }
    el.title = el.textContent;
    el.textContent = moment.toLocaleString(lang, { year: "numeric", month: "short", day: "numeric",
      hour: chinese ? "2-digit" : "numeric", minute: "2-digit", hourCycle: chinese ? "h23" : "h12" });
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

  // Tags page: the filter box narrows the cloud as you type (without JavaScript, the form asks the server; and so
  // it does when the cloud holds only the most used tags, data-capped: narrowing those would miss the others).
  var tagFilter = document.getElementById("tag-filter"), cloud = document.getElementById("tag-cloud");
  if (tagFilter && cloud && !tagFilter.value && !tagFilter.hasAttribute("data-capped")) {
    var shown = document.getElementById("tags-shown"), none = document.getElementById("no-tags-match");
    var entries = Array.prototype.slice.call(cloud.children);
    var fold = function (text) { return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim(); };
    tagFilter.addEventListener("input", function () {
      var wanted = fold(tagFilter.value), count = 0;
      entries.forEach(function (li) {
        var hit = !wanted || fold(li.getAttribute("data-names") + " " + li.textContent).indexOf(wanted) !== -1;
        li.hidden = !hit;
        if (hit) { count += 1; }
      });
      shown.textContent = wanted ? shown.getAttribute("data-template").replace("{shown}", grouped(count))
        .replace("{total}", grouped(entries.length)) : "";
      none.hidden = !(wanted && count === 0);
      if (!none.hidden) { none.textContent = none.getAttribute("data-template").replace("{q}", tagFilter.value); }
    });
  }

  // A field that takes several tags, split as the server splits them: "More tags" on the subscription forms as ingest
  // splits a document's (ingest.metadata.tag_names: commas, semicolons, 、, full-width ones too; spaces in Chinese
  // without them), a curator's tag fields by commas alone (data-several-tags="commas", kb.store.tag_list). The
  // browser matches its list against the whole field, so it offered tags only while the first one was typed. Each
  // option is made the field's earlier tags, as typed, then a tag's name (one already there left out): the browser
  // offers the tags that start as the one being typed, and the one chosen keeps the others. A page's tag fields share
  // one list, which follows the field being typed in. Without JavaScript the list offers the names, for the first tag.
  var SEVERAL = {
    "": { between: /[,;\uFF0C\uFF1B\u3001|]/, spaces: true },
    commas: { between: /[,\uFF0C\u3001]/, spaces: false }
  };
  function typedBefore(value, rule) {  // the field up to the tag being typed
    var cut = -1;
    for (var i = value.length - 1; i >= 0 && cut < 0; i--) { if (rule.between.test(value[i])) { cut = i; } }
    if (cut >= 0) { return value.slice(0, cut + 1) + value.slice(cut + 1).match(/^\s*/)[0]; }
    return rule.spaces && /[\u3400-\u9fff]/.test(value) ? (value.match(/^.*\s/) || [""])[0] : "";
  }
  function offerAfter(field) {
    var rule = SEVERAL[field.getAttribute("data-several-tags")] || SEVERAL[""], list = field.list;
    var before = typedBefore(field.value, rule);
    if (!list || list.getAttribute("data-before") === before) { return; }
    list.setAttribute("data-before", before);
    var chosen = (rule.between.test(before) ? before.split(rule.between) : before.split(/\s+/))
      .map(function (name) { return name.trim().toLowerCase(); });
    Array.prototype.forEach.call(list.options, function (option) {
      if (!option.hasAttribute("data-name")) { option.setAttribute("data-name", option.value); }
      var name = option.getAttribute("data-name");
      option.value = before + name;
      option.disabled = chosen.indexOf(name.toLowerCase()) >= 0;
    });
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("input[data-several-tags]")) { offerAfter(event.target); }
  });
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("input[data-several-tags]")) { offerAfter(event.target); }
  });

  // Renaming onto a tag that exists is a merge: say so while the name is typed (the server asks again).
  var renameForm = document.getElementById("rename-form"), allTags = document.getElementById("all-tags");
  if (renameForm && allTags) {
    var norm = function (text) { return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").replace(/^[#\s]+|[#\s]+$/g, ""); };
    var known = {};
    Array.prototype.forEach.call(allTags.options, function (o) { known[norm(o.value)] = o.value; });
    var hint = document.getElementById("rename-hint");
    var check = function () {
      var from = norm(renameForm.elements.old.value), to = norm(renameForm.elements["new"].value);
      var existing = to && to !== from ? known[to] : undefined;
      hint.hidden = existing === undefined;
      hint.textContent = existing === undefined ? "" : hint.getAttribute("data-template").replace("{new}", existing);
    };
    renameForm.elements.old.addEventListener("input", check);
    renameForm.elements["new"].addEventListener("input", check);
  }

  // Agenda: drag an item by its handle to reorder; the order is saved at once, then the agenda is redrawn from the
  // server (times and move buttons follow the new order). Pointer events, so a mouse, a pen and a finger all work;
  // the item goes where the pointer is: before the first other item whose middle is below the pointer.
  var list = null, dragged = null, before = "";
  function items() { return Array.prototype.slice.call(list.querySelectorAll(".agenda-item")); }
  function order() { return items().map(function (li) { return li.getAttribute("data-item"); }).join(","); }
  function redraw(section) {
    return fetch(window.location.href, { credentials: "same-origin" }).then(function (r) { return r.text(); })
      .then(function (text) {
        var fresh = new DOMParser().parseFromString(text, "text/html").querySelector("section.agenda");
        if (fresh) { section.innerHTML = fresh.innerHTML; }
      });
  }
  document.addEventListener("pointerdown", function (e) {
    var handle = e.target.closest && e.target.closest(".js-sortable .drag-handle");
    if (!handle || e.button !== 0) { return; }
    e.preventDefault();
    list = handle.closest(".js-sortable");
    dragged = handle.closest(".agenda-item");
    before = order();
    dragged.classList.add("dragging");
    handle.setPointerCapture(e.pointerId);
  });
  document.addEventListener("pointermove", function (e) {
    if (!dragged) { return; }
    var next = null;
    items().some(function (li) {
      if (li === dragged) { return false; }
      var box = li.getBoundingClientRect();
      if (e.clientY < box.top + box.height / 2) { next = li; return true; }
      return false;
    });
    if (next !== dragged.nextElementSibling) { list.insertBefore(dragged, next); }
  });
  function drop() {
    if (!dragged) { return; }
    dragged.classList.remove("dragging");
    dragged = null;
    var now = order(), section = list.closest("section.agenda");
    if (now === before) { return; }
    list.setAttribute("aria-busy", "true");
    post(list.getAttribute("data-order-url"), { order: now }).then(function () { return redraw(section); })
      .catch(function () { window.location.reload(); });
  }
  document.addEventListener("pointerup", drop);
  document.addEventListener("pointercancel", drop);

  // Agenda: Up and Down move an item in place and keep the focus on the item's button (its other one at an end),
  // so a keyboard or a finger can move it again; the page used to reload at its top. Without JavaScript the
  // server brings the page back to the item (#item-N).
  function move(event, form) {
    var item = form.closest(".agenda-item"), section = form.closest("section.agenda");
    if (!item || !section) { return; }
    event.preventDefault();
    var id = item.getAttribute("data-item"), direction = form.elements.direction.value;
    post(form.action, new FormData(form)).then(function () { return redraw(section); }).then(function () {
      var moved = document.getElementById("item-" + id);
      if (!moved) { return; }
      var button = moved.querySelector("button[name=move-" + direction + "]:not([disabled])") ||
        moved.querySelector("button[name^=move-]:not([disabled])");
      if (button) { button.focus(); } else { moved.scrollIntoView({ block: "nearest" }); }
    }).catch(function () { form.submit(); });
  }

  // How a hit was found (a <details> over the text below it): Escape closes it, back on its hint, and so does a
  // click or tap anywhere else, as for any pop-up. Without JavaScript the hint opens and closes it.
  function closeHow(except) {
    document.querySelectorAll("details.how-found[open]").forEach(function (d) { if (d !== except) { d.open = false; } });
  }
  document.addEventListener("click", function (event) { closeHow(event.target.closest("details.how-found")); });
  document.addEventListener("keydown", function (event) {
    var open = event.key === "Escape" && event.target.closest && event.target.closest("details.how-found[open]");
    if (!open) { return; }
    open.open = false;
    open.querySelector("summary").focus();
  });

  // A lesson printed with its section's text (its context on paper): a folded <details> prints folded, its summary
  // alone, so the section is unfolded for the printer and folded back after.
  var unfolded = [];
  window.addEventListener("beforeprint", function () {
    unfolded = Array.prototype.filter.call(document.querySelectorAll("details.context"), function (d) { return !d.open; });
    unfolded.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    unfolded.forEach(function (d) { d.open = false; });
    unfolded = [];
  });
})();
