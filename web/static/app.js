// Progressive enhancement only: every form works without this file.
(function () {
  "use strict";
  // Move focus to the error summary of a refused form, so screen readers announce it.
  var summary = document.querySelector(".error-summary[tabindex]");
  if (summary) { summary.focus(); }
  // A printout says when it was printed, in Seoul time as every time on the pages.
  var printedAt = document.getElementById("printed-at");
  function stamp() {
    try {
      printedAt.textContent = " · " + new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Seoul", year: "numeric",
        month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).format(new Date());
    } catch (e) { /* a browser without time zones prints without the time */ }
  }
  if (printedAt) { stamp(); window.addEventListener("beforeprint", stamp); }
})();
