// Names in the Django admin that its own scripts leave out (WCAG 2.1, 4.1.2), applied as the
// scripts draw their widgets, on load and in inline rows added later:
// - the autocomplete (select2) names its combobox by the text of the selection, which is
//   empty until something is chosen: that element gets the select's own name;
// - the two-box selector's search icon has an aria-label but no role that allows one.
(function () {
  "use strict";
  function nameOf(select) {
    if (select.getAttribute("aria-label")) return select.getAttribute("aria-label");
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }
  function name(root) {
    root.querySelectorAll(".select2-selection__rendered[id^='select2-']").forEach(function (el) {
      if (el.hasAttribute("aria-label")) return;
      var select = document.getElementById(el.id.replace(/^select2-/, "").replace(/-container$/, ""));
      var text = select && nameOf(select);
      if (text) el.setAttribute("aria-label", text);
    });
  }
  function icons(root) {
    root.querySelectorAll(".search-label-icon[aria-label]:not([role])").forEach(function (el) {
      el.setAttribute("role", "img");
    });
  }
  function start() {
    name(document);
    icons(document);
    new MutationObserver(function () { name(document); icons(document); }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
