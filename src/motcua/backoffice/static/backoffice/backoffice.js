/* Back office helpers; every page works without them. */
(function () {
  "use strict";
  // Search as you type on the counter desk: replace the result list with the server's.
  var box = document.getElementById("picker-q");
  var list = document.getElementById("picker-results");
  if (box && list) {
    var timer = null, last = box.value;
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = box.value.trim();
        if (q === last) { return; }
        last = q;
        fetch(box.form.dataset.fragment + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
          .then(function (r) { return r.ok ? r.text() : ""; })
          .then(function (html) { if (last === q) { list.innerHTML = html; } });
      }, 250);
    });
  }
  // Applicant lookup by identification number: suggest what an earlier dossier recorded.
  var id = document.getElementById("id_id_number");
  var status = document.getElementById("applicant-found");
  if (id && status && id.dataset.lookup) {
    id.addEventListener("change", function () {
      var value = id.value.trim();
      if (!/^[0-9]{9,13}$/.test(value)) { return; }
      fetch(id.dataset.lookup + "?id=" + encodeURIComponent(value), {credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : {found: false}; })
        .then(function (data) {
          if (!data.found) { status.textContent = status.dataset.none; return; }
          ["name", "phone", "email", "address", "applicant_kind"].forEach(function (key) {
            var input = document.getElementById("id_" + key);
            if (input && !input.value) { input.value = data.applicant[key] || ""; }
          });
          status.textContent = status.dataset.found;
        });
    });
  }
  // A form sends once: a second click while the first request runs does nothing.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
  });
})();
