// Contacts web UI: search as you type, confirmations, auto-submitting filters.
// Loaded from /static/app.js; the CSP allows no inline script.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  var q = document.getElementById("q");
  var rows = document.getElementById("rows");
  if (q && rows) {
    var original = rows.innerHTML;
    var pager = document.getElementById("pager");
    var timer = null;
    var seq = 0;
    q.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var text = q.value.trim();
        var mine = ++seq;
        if (text === "") {
          rows.innerHTML = original;
          if (pager) pager.hidden = false;
          return;
        }
        var url = "/contacts/search?book=" + encodeURIComponent(q.dataset.book || "") +
          "&q=" + encodeURIComponent(text);
        fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
          .then(function (resp) { return resp.ok ? resp.text() : null; })
          .then(function (html) {
            if (html === null || mine !== seq) return;
            rows.innerHTML = html;
            if (pager) pager.hidden = true;
          });
      }, 150);
    });
  }

  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.confirm(form.dataset.confirm)) e.preventDefault();
    });
  });

  document.querySelectorAll("select[data-autosubmit]").forEach(function (sel) {
    sel.addEventListener("change", function () { sel.form.submit(); });
  });
});
