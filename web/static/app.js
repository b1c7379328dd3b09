// Progressive enhancement only: every form works without this file.
(function () {
  "use strict";
  // Move focus to the error summary of a refused form, so screen readers announce it.
  var summary = document.querySelector(".error-summary[tabindex]");
  if (summary) { summary.focus(); }
})();
