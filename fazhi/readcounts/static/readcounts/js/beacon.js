// One read beacon per page view (POST, no body): counted by the server unless the reader is a
// bot or was counted for this page within the revisit window (a cookie of the beacon's own path).
// Sent once the page is visible (not for a prerendered page nobody looks at).
(function () {
  "use strict";
  var holder = document.querySelector("[data-read-url]");
  if (!holder) return;
  var url = holder.getAttribute("data-read-url");
  var sent = false;
  function send() {
    if (sent || document.visibilityState === "hidden") return;
    sent = true;
    try {
      fetch(url, { method: "POST", keepalive: true, credentials: "same-origin" }).catch(function () {});
    } catch (e) {
      if (navigator.sendBeacon) navigator.sendBeacon(url);
    }
  }
  send();
  if (!sent) document.addEventListener("visibilitychange", send);
})();
