(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form || !document.querySelectorAll) { return; }
  var items = Array.prototype.slice.call(document.querySelectorAll(".claim"));
  var count = document.getElementById("filter-count");
  var fields = ["rating", "status", "speaker"].filter(function (f) { return form.elements[f]; });
  function apply() {
    var wanted = {};
    fields.forEach(function (f) { wanted[f] = form.elements[f].value; });
    var shown = 0;
    items.forEach(function (el) {
      var ok = fields.every(function (f) {
        return !wanted[f] || el.getAttribute("data-" + f) === wanted[f];
      });
      el.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = "Showing " + shown + " of " + items.length + " claims on this page.";
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.hidden = false;
  apply();
})();
