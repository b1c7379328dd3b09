// Progressive enhancement only: every form works without this file.
// On the document supplement form, choosing a file fills in its name, size and SHA-256,
// computed here in the browser; the file itself is never sent (documents travel by
// reference).
(function () {
  "use strict";
  if (!window.crypto || !window.crypto.subtle) { return; }
  document.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });
  document.querySelectorAll("input[type=file][data-hash-row]").forEach(function (input) {
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) { return; }
      var row = input.getAttribute("data-hash-row");
      var set = function (field, value) {
        var el = document.getElementById("f-documents[" + row + "]." + field);
        if (el) { el.value = value; }
      };
      file.arrayBuffer().then(function (buf) { return window.crypto.subtle.digest("SHA-256", buf); }).then(function (digest) {
        var hex = Array.prototype.map.call(new Uint8Array(digest), function (b) { return b.toString(16).padStart(2, "0"); }).join("");
        set("filename", file.name);
        set("size", String(file.size));
        set("sha256", hex);
      });
    });
  });
  // Move focus to the error summary of a refused form, so screen readers announce it.
  var summary = document.querySelector(".error-summary[tabindex]");
  if (summary) { summary.focus(); }
})();
