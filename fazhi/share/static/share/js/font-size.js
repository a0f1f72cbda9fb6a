// Loaded in <head> before the page is drawn: the reader's 字号 (saved on this device) applies to
// the first paint, so switching sizes never moves text after load.
(function () {
  try {
    var size = window.localStorage.getItem("fazhi-font-size");
    if (size === "large" || size === "small") document.documentElement.setAttribute("data-font-size", size);
  } catch (e) { /* storage off: the default size */ }
})();
