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
  // A test being answered keeps its choices on the server (a draft the
  // trainee finds on another device) and in this browser, the fallback
  // when the connection is lost; both are dropped once the answers are sent.
  var test = document.querySelector("form[data-draft]");
  if (test) { keepDraft(test); }
  // Buttons that change important state ask first.
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (e) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { e.preventDefault(); }
    });
  });
});

// keepDraft saves a test's choices as they are made: at once in
// localStorage, and to the server a moment after the last change, saying
// when it was saved or that it could not be.
function keepDraft(test) {
  var key = "ocop-draft-" + test.getAttribute("data-draft");
  var status = document.getElementById("draft-status");
  var count = parseInt(test.querySelector('input[name="count"]').value, 10) || 0;
  var store = window.localStorage, saved = {}, timer = null;
  try { saved = JSON.parse((store && store.getItem(key)) || "{}"); } catch (e) { saved = {}; }
  var restored = false;
  Object.keys(saved).forEach(function (name) {
    if (test.querySelector('input[name="' + name + '"]:checked')) { return; }
    var el = test.querySelector('input[name="' + name + '"][value="' + saved[name] + '"]');
    if (el) { el.checked = true; restored = true; }
  });
  function answers() {
    var out = [];
    for (var i = 0; i < count; i++) {
      var el = test.querySelector('input[name="q' + i + '"]:checked');
      out.push(el ? parseInt(el.value, 10) : -1);
    }
    return out;
  }
  function send() {
    fetch(test.getAttribute("data-draft-url"), {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ answers: answers() })
    }).then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (d) { status.textContent = test.getAttribute("data-draft-saved").replace("%s", d.saved_time); })
      .catch(function () { status.textContent = test.getAttribute("data-draft-offline"); });
  }
  function later() { clearTimeout(timer); timer = setTimeout(send, 800); }
  test.addEventListener("change", function (e) {
    if (e.target.type !== "radio") { return; }
    saved[e.target.name] = e.target.value;
    if (store) { store.setItem(key, JSON.stringify(saved)); }
    later();
  });
  test.addEventListener("submit", function () {
    clearTimeout(timer);
    if (store) { store.removeItem(key); }
  });
  if (restored) { later(); } // choices made offline reach the server
}
