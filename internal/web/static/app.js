// Small progressive enhancements; every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // On a phone the menu starts folded; it is open in the HTML so that it
  // works without script, and CSS hides the toggle on wide screens.
  var menu = document.querySelector("details.menu");
  var narrow = window.matchMedia("(max-width: 899px)");
  if (menu) {
    if (narrow.matches) { menu.removeAttribute("open"); }
    narrow.addEventListener("change", function () { if (!narrow.matches) { menu.setAttribute("open", ""); } });
  }
  // Registration: picking a province loads its communes. Without script
  // the form still works: the server fills the list after a submit.
  var province = document.getElementById("f-province");
  var commune = document.getElementById("f-commune");
  if (province && commune) {
    province.addEventListener("change", function () {
      commune.disabled = true;
      fetch("/don-vi/" + encodeURIComponent(province.value) + "/xa", { headers: { "Accept": "text/html" } })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) { commune.innerHTML = html; })
        .catch(function () { commune.innerHTML = '<option value="">—</option>'; })
        .finally(function () { commune.disabled = false; });
    });
  }
  // Long forms say they are working and cannot be sent twice.
  document.querySelectorAll("form[data-busy]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var status = form.querySelector(".busy");
      if (status) { status.textContent = form.getAttribute("data-busy"); }
      form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (el) {
    el.addEventListener("click", function () { window.print(); });
  });
  // A test being answered keeps its choices in this browser, so closing
  // the tab or losing the connection does not lose them; the draft is
  // dropped once the answers are sent.
  var test = document.querySelector("form[data-draft]");
  if (test && window.localStorage) {
    var key = "ocop-draft-" + test.getAttribute("data-draft");
    var saved = {};
    try { saved = JSON.parse(localStorage.getItem(key) || "{}"); } catch (e) { saved = {}; }
    Object.keys(saved).forEach(function (name) {
      if (test.querySelector('input[name="' + name + '"]:checked')) { return; }
      var el = test.querySelector('input[name="' + name + '"][value="' + saved[name] + '"]');
      if (el) { el.checked = true; }
    });
    test.addEventListener("change", function (e) {
      if (e.target.type !== "radio") { return; }
      saved[e.target.name] = e.target.value;
      localStorage.setItem(key, JSON.stringify(saved));
    });
    test.addEventListener("submit", function () { localStorage.removeItem(key); });
  }
  // Buttons that change important state ask first.
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (e) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { e.preventDefault(); }
    });
  });
});
