// newsdex-serve: small enhancements; the page works without them.
// "/" focuses the search box (as on many sites); changing the sort searches at once.
"use strict";
document.addEventListener("keydown", function (event) {
  var box = document.getElementById("q");
  if (event.key === "/" && box && document.activeElement !== box &&
      !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) {
    event.preventDefault();
    box.focus();
    box.select();
  }
});
document.addEventListener("DOMContentLoaded", function () {
  var sort = document.getElementById("sort");
  if (sort && sort.form) sort.addEventListener("change", function () { sort.form.submit(); });
});
