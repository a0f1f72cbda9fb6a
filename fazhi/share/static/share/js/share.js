// 打印本页: the browser's print dialog (print.css leaves the article, its meta line and its URL).
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("[data-print]");
  if (!link) return;
  event.preventDefault();
  window.print();
});

// 字号 大/中/小: remembered on this device (localStorage); font-size.js applies it before paint.
(function () {
  var KEY = "fazhi-font-size";
  var root = document.documentElement;

  function current() {
    return root.getAttribute("data-font-size") || "medium";
  }

  function show() {
    var size = current();
    document.querySelectorAll(".font-size__button").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-font-size") === size));
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".font-size__button");
    if (!button) return;
    var size = button.getAttribute("data-font-size");
    if (size === "medium") root.removeAttribute("data-font-size");
    else root.setAttribute("data-font-size", size);
    try {
      window.localStorage.setItem(KEY, size);
    } catch (e) { /* storage off: this page only */ }
    show();
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", show);
  else show();
})();
