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
        // The list's filters (category, group, status, account manager, not contacted
        // for) hold for the search too.
        if (q.form) {
          ["category", "group", "status", "manager", "quiet"].forEach(function (name) {
            var field = q.form.elements[name];
            if (field && field.value) {
              url += "&" + name + "=" + encodeURIComponent(field.value);
            }
          });
        }
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

  // Postal codes as the street is typed: the codes of the locality's street (and house
  // number) become the postal-code field's suggestions.
  document.querySelectorAll("input[data-postal-row]").forEach(function (input) {
    var row = input.dataset.postalRow;
    var timer = null;
    var seq = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var form = input.form;
        var streets = form.querySelectorAll("input[name=adr_street]");
        var localities = form.querySelectorAll("input[name=adr_locality]");
        var street = streets[row] ? streets[row].value.trim() : "";
        var locality = localities[row] ? localities[row].value.trim() : "";
        var list = document.getElementById("postal-codes-" + row);
        if (!list || locality === "") return;
        var mine = ++seq;
        var url = "/api/v1/postal-codes?locality=" + encodeURIComponent(locality) +
          "&street=" + encodeURIComponent(street);
        fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
          .then(function (resp) { return resp.ok ? resp.json() : null; })
          .then(function (found) {
            if (found === null || mine !== seq) return;
            list.textContent = "";
            found.candidates.forEach(function (c) {
              var o = document.createElement("option");
              o.value = c.code;
              o.label = [c.code, c.street, c.numbers].filter(function (x) { return x; }).join(" ");
              list.appendChild(o);
            });
          });
      }, 200);
    });
  });

  // A case's counterparty and contact person as their name is typed: business contacts
  // matching it become the field's suggestions ("Name (#12)"); the person's are the
  // people working at the counterparty chosen.
  document.querySelectorAll("input[data-party]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    var seq = 0;
    var idOf = function (text) {
      var m = /^\s*#?(\d+)\s*$/.exec(text) || /#(\d+)\)?\s*$/.exec(text);
      return m ? m[1] : "";
    };
    var ask = function () {
      var url = "/api/v1/case-parties?q=" + encodeURIComponent(input.value.trim());
      if (input.dataset.party === "person") {
        var cp = input.form.querySelector("input[name=counterparty]");
        var org = cp ? idOf(cp.value) : "";
        if (org === "") return;
        url += "&org=" + encodeURIComponent(org);
      } else if (input.value.trim() === "" || idOf(input.value) !== "") {
        return;
      }
      var mine = ++seq;
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (resp) { return resp.ok ? resp.json() : null; })
        .then(function (found) {
          if (found === null || mine !== seq || !list) return;
          list.textContent = "";
          found.candidates.forEach(function (c) {
            var o = document.createElement("option");
            o.value = c.label;
            if (c.org_name && c.kind === "person") o.label = c.org_name;
            list.appendChild(o);
          });
        });
    };
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 200);
    });
    if (input.dataset.party === "person") input.addEventListener("focus", ask);
  });

  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.confirm(form.dataset.confirm)) e.preventDefault();
    });
  });

  // The menu button of narrow screens opens and closes the menu.
  var toggle = document.getElementById("menu-toggle");
  var top = document.getElementById("top");
  if (toggle && top) {
    toggle.addEventListener("click", function () {
      var open = top.classList.toggle("menu-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // Lists become cards on narrow screens: each cell gets its column's name as a label.
  document.querySelectorAll("table.list").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    if (heads.length === 0) return;
    var names = Array.prototype.map.call(heads, function (th) {
      return th.textContent.replace(/[▲▼]/g, "").trim();
    });
    var label = function (root) {
      root.querySelectorAll("tr").forEach(function (tr) {
        Array.prototype.forEach.call(tr.children, function (td, i) {
          if (td.tagName === "TD" && names[i] && !td.hasAttribute("colspan")) td.dataset.label = names[i];
        });
      });
    };
    table.querySelectorAll("tbody").forEach(label);
    // Rows replaced by search as you type get their labels too.
    if (window.MutationObserver) {
      table.querySelectorAll("tbody").forEach(function (body) {
        new MutationObserver(function () { label(body); }).observe(body, { childList: true });
      });
    }
  });

  document.querySelectorAll("select[data-autosubmit]").forEach(function (sel) {
    sel.addEventListener("change", function () { sel.form.submit(); });
  });

  // "Print" buttons open the browser's print dialog (the page prints with print.css).
  document.querySelectorAll("button.print-page").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
});
