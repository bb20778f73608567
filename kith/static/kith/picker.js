// Choice pickers (members/partials/choice_picker.html): a filter box over a list of checkboxes and a
// live count of the ticked ones. Without this script the list still works as plain checkboxes.
(function () {
  "use strict";

  function update(picker) {
    var filter = picker.querySelector("[data-picker-filter]");
    var words = filter ? filter.value.trim().toLowerCase() : "";
    var shown = 0;
    picker.querySelectorAll("[data-picker-options] li").forEach(function (item) {
      var match = !words || item.textContent.toLowerCase().indexOf(words) !== -1;
      item.hidden = !match;
      if (match) shown += 1;
    });
    var none = picker.querySelector("[data-picker-none]");
    if (none) none.hidden = shown > 0;
    var count = picker.querySelector("[data-picker-count]");
    if (count) count.textContent = picker.querySelectorAll("input[type=checkbox]:checked").length + " chosen";
  }

  function setUp(root) {
    root.querySelectorAll("[data-picker]").forEach(function (picker) {
      var box = picker.querySelector("[data-picker-filter-box]");
      if (box) box.hidden = false;
    });
  }

  document.addEventListener("input", function (event) {
    var picker = event.target.closest && event.target.closest("[data-picker]");
    if (picker) update(picker);
  });
  document.addEventListener("change", function (event) {
    var picker = event.target.closest && event.target.closest("[data-picker]");
    if (picker) update(picker);
  });
  // A filter box must not submit the form when Enter is pressed in it.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches && event.target.matches("[data-picker-filter]")) event.preventDefault();
  });
  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  document.addEventListener("htmx:load", function (event) { setUp(event.target); });
})();
