/* Online submission: autosave of the draft and resumable uploads in pieces.
   Progressive: without this script the forms post normally. Messages come from the
   page (data-msg-*), already translated. */
(function () {
  "use strict";
  var main = document.getElementById("submission-messages");
  function msg(name) { return (main && main.dataset["msg" + name]) || ""; }
  function token(form) { var i = form.querySelector("input[name=csrfmiddlewaretoken]"); return i ? i.value : ""; }

  /* Autosave: a quiet POST of the whole form a moment after the last change. */
  var draft = document.getElementById("draft-form");
  var status = document.getElementById("autosave-status");
  var timer = null;
  function save() {
    var data = new FormData(draft);
    data.delete("action");
    fetch(draft.dataset.autosave, { method: "POST", body: data, credentials: "same-origin",
      headers: { "X-CSRFToken": token(draft) } })
      .then(function (r) { if (!r.ok) { throw r; } return r.json(); })
      .then(function (j) { status.textContent = msg("Saved") + " " + j.saved_at; })
      .catch(function () { status.textContent = msg("Unsaved"); });
  }
  if (draft && window.fetch) {
    draft.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(save, 1500); });
    /* Also the store choices, which sit with the documents but belong to this form. */
    document.addEventListener("change", function (e) {
      if (e.target.form === draft) { clearTimeout(timer); timer = setTimeout(save, 300); }
    });
  }

  /* Uploads: announce, then send pieces at the offset the server reports; after a
     dropped connection ask where it stopped and continue from there. */
  function wait(ms) { return new Promise(function (ok) { setTimeout(ok, ms); }); }
  function key(form, file) { return "motcua-upload:" + form.dataset.create + ":" + form.component.value + ":" + file.name + ":" + file.size + ":" + file.lastModified; }

  function start(form, file) {
    var known = localStorage.getItem(key(form, file));
    if (known) {
      return fetch(known, { credentials: "same-origin" }).then(function (r) {
        if (r.ok) { return r.json(); }
        localStorage.removeItem(key(form, file));
        return start(form, file);
      });
    }
    var data = new FormData();
    data.append("component", form.component.value);
    data.append("name", file.name);
    data.append("size", String(file.size));
    return fetch(form.dataset.create, { method: "POST", body: data, credentials: "same-origin",
      headers: { "X-CSRFToken": token(form) } })
      .then(function (r) { return r.json().then(function (j) { if (!r.ok) { throw new Error(j.error); } return j; }); })
      .then(function (j) { localStorage.setItem(key(form, file), j.url); return j; });
  }

  function send(form, file, state, progress, label, failures) {
    if (state.complete) { return Promise.resolve(state); }
    var end = Math.min(state.offset + state.chunk, file.size);
    progress.value = Math.floor(state.offset * 100 / file.size);
    label.textContent = progress.value + "%";
    return fetch(state.url, { method: "POST", body: file.slice(state.offset, end), credentials: "same-origin",
      headers: { "X-CSRFToken": token(form), "Upload-Offset": String(state.offset), "Content-Type": "application/octet-stream" } })
      .then(function (r) {
        return r.json().then(function (j) {
          if (r.status === 409) { state.offset = j.offset; return send(form, file, state, progress, label, 0); }
          if (!r.ok) { throw new Error(j.error); }
          return send(form, file, j, progress, label, 0);
        });
      }, function () {
        /* The link dropped: wait, ask the server how far it got, continue. */
        if (failures >= 8) { throw new Error(msg("Dropped")); }
        label.textContent = msg("Retrying");
        return wait(1000 * Math.pow(2, Math.min(failures, 5))).then(function () {
          return fetch(state.url, { credentials: "same-origin" }).then(function (r) { return r.json(); })
            .then(function (j) { return send(form, file, j, progress, label, failures + 1); },
                  function () { return send(form, file, state, progress, label, failures + 1); });
        });
      });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.upload-form"), function (form) {
    if (!window.fetch || !window.Blob || !Blob.prototype.slice) { return; }
    form.addEventListener("submit", function (event) {
      var file = form.file.files[0];
      if (!file) { return; }
      event.preventDefault();
      var progress = form.querySelector("progress");
      var label = form.querySelector(".upload-status");
      progress.hidden = false;
      if (draft) { save(); }
      start(form, file)
        .then(function (state) { return send(form, file, state, progress, label, 0); })
        .then(function () {
          localStorage.removeItem(key(form, file));
          progress.value = 100; label.textContent = msg("Attached");
          window.location.reload();
        })
        .catch(function (error) { label.textContent = error.message || msg("Dropped"); });
    });
  });
})();
