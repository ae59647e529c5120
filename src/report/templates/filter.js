(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form || !document.querySelectorAll) { return; }
  var items = Array.prototype.slice.call(document.querySelectorAll(".claim"));
  var count = document.getElementById("filter-count");
  var fields = ["rating", "status", "speaker"].filter(function (f) { return form.elements[f]; });
  // The filter state lives in the URL fragment (#rating=mixed&speaker=Jane%20Roe),
  // so a filtered view can be shared; a plain anchor (#claim-id) is left alone.
  function fromFragment() {
    var h = location.hash.slice(1);
    if (h.indexOf("=") < 0) { return; }
    fields.forEach(function (f) { form.elements[f].value = ""; });
    h.split("&").forEach(function (pair) {
      var i = pair.indexOf("=");
      if (i < 0) { return; }
      var key, value;
      try {
        key = decodeURIComponent(pair.slice(0, i));
        value = decodeURIComponent(pair.slice(i + 1).replace(/\+/g, " "));
      } catch (e) { return; }
      if (fields.indexOf(key) < 0) { return; }
      var select = form.elements[key];
      var known = Array.prototype.some.call(select.options, function (o) { return o.value === value; });
      if (known) { select.value = value; }
    });
  }
  function toFragment() {
    var parts = fields.filter(function (f) { return form.elements[f].value; }).map(function (f) {
      return encodeURIComponent(f) + "=" + encodeURIComponent(form.elements[f].value);
    });
    var url = location.pathname + location.search + (parts.length ? "#" + parts.join("&") : "");
    if (history.replaceState) { history.replaceState(null, "", url); }
  }
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
  form.addEventListener("change", function () { apply(); toFragment(); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  window.addEventListener("hashchange", function () { fromFragment(); apply(); });
  form.hidden = false;
  fromFragment();
  apply();
})();
