// Contributing: drop files on the upload form; follow the reading of uploaded files. Without JavaScript the file
// chooser and a reload do the same.
(function () {
  "use strict";
  var zone = document.getElementById("dropzone");
  var input = document.getElementById("files");
  var chosen = document.getElementById("chosen");

  function extension(name) {  // as the server reads it (Path.suffix): ".md" alone has none
    var dot = name.lastIndexOf(".");
    return dot > 0 ? name.slice(dot).toLowerCase() : "";
  }
  function fileName(f) { return f.name; }

  // Files the server would refuse are left out of the chosen ones, saying why: a kind it cannot read (sent along,
  // it had the whole upload refused, and every file had to be chosen or dropped again), an empty file, or one larger
  // than a file may be (sent in full, 30 MB of it, only to be refused).
  var REASONS = ["data-left-out", "data-left-out-empty", "data-left-out-large"];
  function leftOutBecause(f, accepted, maxFile) {
    if (accepted.indexOf(extension(f.name)) < 0) { return REASONS[0]; }
    if (f.size === 0) { return REASONS[1]; }
    return maxFile && f.size > maxFile ? REASONS[2] : null;
  }
  function listChosen() {
    if (!chosen || !input) { return; }
    var accepted = (input.getAttribute("accept") || "").split(",");
    var maxFile = Number(chosen.getAttribute("data-max-file-bytes"));
    var files = Array.prototype.slice.call(input.files), kept = [], left = {};
    files.forEach(function (f) {
      var why = leftOutBecause(f, accepted, maxFile);
      if (why) { (left[why] = left[why] || []).push(f); } else { kept.push(f); }
    });
    if (kept.length < files.length && typeof DataTransfer === "function") {
      var keep = new DataTransfer();
      kept.forEach(function (f) { keep.items.add(f); });
      input.files = keep.files;
    } else {
      kept = files;
      left = {};
    }
    chosen.textContent = kept.length ? kept.map(fileName).join(" · ") : (chosen.getAttribute("data-none") || "");
    REASONS.forEach(function (why) {
      if (!left[why]) { return; }
      var note = document.createElement("p");
      note.className = "left-out";
      note.textContent = chosen.getAttribute(why).replace("{names}", left[why].map(fileName).join(chosen.getAttribute("data-comma") || ", "));
      chosen.appendChild(note);
    });
  }
  // Files that come to more than one upload may hold are not sent: the server would refuse them all, before the
  // page could say why (past twice the limit, with the web server's bare "Request Entity Too Large").
  function tooMuch(e) {
    var limit = Number(chosen.getAttribute("data-max-bytes")), total = 0;
    Array.prototype.forEach.call(input.files, function (f) { total += f.size; });
    var old = chosen.querySelector(".too-much");
    if (old) { chosen.removeChild(old); }
    if (!limit || total <= limit) { return; }
    e.preventDefault();
    var note = document.createElement("p");
    note.className = "too-much error";
    note.setAttribute("role", "alert");
    note.textContent = chosen.getAttribute("data-too-much").replace("{size}", (total / 1048576).toFixed(1));
    chosen.appendChild(note);
  }
  if (zone && input) {
    // The page's "Choose files" and its list of the files chosen, in the page's language, for the browser's button
    // and "No file chosen" (Chromium in English wrote those on the Chinese page)
    var button = zone.querySelector(".choose-files");
    if (button && chosen) {
      button.hidden = false;
      zone.classList.add("enhanced");
      listChosen();
    }
    input.addEventListener("change", listChosen);
    if (chosen && input.form) { input.form.addEventListener("submit", tooMuch); }
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      if (e.dataTransfer && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        listChosen();
      }
    });
  }

  // What was understood of a read file shows the project it will be stored under: as the publish form's project
  // field is changed, so is the table (a project other than the first document's own, or none, is stored for every
  // document, as web/views/contribute_forms.py's corrections does).
  Array.prototype.forEach.call(document.querySelectorAll("section.upload"), function (section) {
    var table = section.querySelector("table.understood");
    var field = section.querySelector(".publish-form input[name=project]");
    if (!table || !field) { return; }
    field.addEventListener("input", function () {
      var typed = field.value.trim(), first = table.getAttribute("data-first-project");
      Array.prototype.forEach.call(table.querySelectorAll("td.project"), function (cell) {
        var shown = typed !== first ? typed : cell.getAttribute("data-own");  // cleared: publishing asks for one
        cell.textContent = shown || table.getAttribute("data-not-set");
      });
    });
  });

  // While files are being read, ask how far it got every second; show it, and reload when all are read.
  var progress = document.getElementById("progress");
  if (!progress || progress.getAttribute("data-waiting") === "0") { return; }
  var bar = progress.querySelector("progress");
  var text = progress.querySelector("p[data-template]");
  function poll() {
    fetch(progress.getAttribute("data-status-url"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        if (bar) { bar.value = state.done; }
        if (text) { text.textContent = text.getAttribute("data-template").replace("{done}", state.done); }
        if (state.done >= state.files) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 700);
}());
