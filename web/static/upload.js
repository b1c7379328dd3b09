// Progressive enhancement of the forms that carry files (form[data-upload]); without this
// file the browser sends the same form itself. With it: the required documents follow
// the type and flags as they are chosen, a file past the size limit is named before it is
// sent, and the form is sent by XMLHttpRequest so that a progress bar shows the upload.
(function () {
  "use strict";
  var form = document.querySelector("form[data-upload]");
  if (!form || !window.FormData || !window.XMLHttpRequest) { return; }

  // The marks of the required documents: data-rule as the server wrote it (apply.go).
  var type = document.getElementById("f-service.type");
  var broker = document.getElementById("f-broker");
  var schools = document.getElementById("f-school_education_only");
  function markRequired() {
    var cloud = type && type.value === "cloud";
    form.querySelectorAll("tr[data-rule]").forEach(function (row) {
      var rule = row.getAttribute("data-rule");
      var on = rule === "always" || (rule === "cloud" && cloud) ||
        (rule === "csap" && cloud && !(schools && schools.checked)) || (rule === "broker" && broker && broker.checked);
      var mark = row.querySelector("[data-required]");
      if (mark) { mark.hidden = !on; }
    });
  }
  [type, broker, schools].forEach(function (el) { if (el) { el.addEventListener("change", markRequired); } });

  var max = Number(form.getAttribute("data-max-bytes")) || 0;
  form.querySelectorAll("input[type=file]").forEach(function (input) {
    input.addEventListener("change", function () {
      var old = document.getElementById(input.id + "-toolarge");
      if (old) { old.remove(); }
      var file = input.files && input.files[0];
      if (max && file && file.size > max) {
        var p = document.createElement("p");
        p.className = "field-error";
        p.id = input.id + "-toolarge";
        p.textContent = form.getAttribute("data-too-large");
        input.insertAdjacentElement("beforebegin", p);
        input.value = "";
      }
    });
  });

  var box = form.querySelector("[data-upload-progress]");
  var bar = box && box.querySelector("progress");
  form.addEventListener("submit", function (e) {
    if (!bar) { return; }
    e.preventDefault();
    var data = new FormData(form);
    if (e.submitter && e.submitter.name) { data.append(e.submitter.name, e.submitter.value); }
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.addEventListener("progress", function (ev) {
      if (ev.lengthComputable) { bar.value = Math.round(100 * ev.loaded / ev.total); }
    });
    xhr.addEventListener("load", function () {
      // Done: the answer is the page the form redirected to. Refused: the form again,
      // shown as the browser would have shown the answer.
      if (xhr.responseURL && xhr.responseURL !== form.action) {
        window.location.assign(xhr.responseURL);
        return;
      }
      document.open();
      document.write(xhr.responseText);
      document.close();
    });
    // The connection failed: the browser sends the form itself and shows what follows.
    xhr.addEventListener("error", function () { form.submit(); });
    form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    box.hidden = false;
    xhr.send(data);
  });
})();
