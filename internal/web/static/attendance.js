// The organiser's attendance screen: counts down to the next code, then
// fetches it (with the check-in progress) and swaps the QR code.
(function () {
  "use strict";
  var box = document.getElementById("diem-danh-qr");
  if (!box) return;
  var img = document.getElementById("attendance-qr");
  var count = document.getElementById("attendance-countdown");
  var progress = document.getElementById("attendance-progress");
  var bar = document.getElementById("attendance-bar");
  var left = parseInt(count.textContent, 10) || 0;

  function show(c) {
    img.src = c.qr;
    left = c.expires_in;
    count.textContent = left;
    progress.textContent = progress.dataset.template.replace("{p}", c.present).replace("{n}", c.enrolled);
    bar.max = c.enrolled;
    bar.value = c.present;
  }

  function refresh() {
    fetch(box.dataset.codeUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(show)
      .catch(function () { left = 3; }); // try again shortly
  }

  setInterval(function () {
    left -= 1;
    if (left <= 0) { refresh(); return; }
    count.textContent = left;
  }, 1000);
  // The progress changes between codes too.
  setInterval(function () { if (left > 2) refresh(); }, 10000);
})();
