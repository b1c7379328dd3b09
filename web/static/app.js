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

  // An amount in won is read back below its field as it is typed, in the page's language:
  // "1억 2,000만 원", "120,000,000 won (120 million)". The server parses what is sent the
  // same way (web/forms.go, won): digits, commas, blanks and a closing 원.
  var korean = document.documentElement.lang === "ko";
  function grouped(n) { return n.replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  function reading(value) {
    var digits = value.replace(/[,\s]/g, "").replace(/원$/, "");
    if (!/^\d+$/.test(digits) || /^0+$/.test(digits) || digits.length > 16) { return ""; }
    digits = digits.replace(/^0+/, "");
    if (!korean) {
      var words = "";
      try {
        if (digits.length > 6) {
          words = " (" + new Intl.NumberFormat("en", { notation: "compact", compactDisplay: "long",
            maximumFractionDigits: 3 }).format(Number(digits)) + ")";
        }
      } catch (e) { /* a browser without compact notation shows the digits alone */ }
      return grouped(digits) + " won" + words;
    }
    var units = ["", "만", "억", "조"], parts = [];
    for (var i = 0; digits.length > 0; i++) {
      var group = digits.slice(-4).replace(/^0+/, "");
      digits = digits.slice(0, -4);
      if (group) { parts.unshift(grouped(group) + units[i]); }
    }
    return parts.join(" ") + " 원";
  }
  Array.prototype.forEach.call(document.querySelectorAll("input[data-won]"), function (input) {
    var out = document.getElementById(input.id + "-reading");
    if (!out) { return; }
    function update() { out.textContent = reading(input.value); }
    input.addEventListener("input", update);
    update();
  });
})();
