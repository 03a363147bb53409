// The report page: a cell a finding names and the finding light up together.
(function () {
  "use strict";
  function light(index, on) {
    var f = document.getElementById("finding-" + index);
    if (f) { f.classList.toggle("active", on); }
    document.querySelectorAll('td[data-finding="' + index + '"]').forEach(function (c) {
      c.classList.toggle("cell-active", on);
    });
  }
  document.querySelectorAll("td[data-finding]").forEach(function (cell) {
    var i = cell.getAttribute("data-finding");
    cell.addEventListener("mouseenter", function () { light(i, true); });
    cell.addEventListener("mouseleave", function () { light(i, false); });
  });
  document.querySelectorAll("li.finding").forEach(function (li) {
    var i = li.getAttribute("data-index");
    li.addEventListener("mouseenter", function () { light(i, true); });
    li.addEventListener("mouseleave", function () { light(i, false); });
  });
})();
