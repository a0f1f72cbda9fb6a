// Fills in what is live or personal on an otherwise identical page: counts, CSRF token, sign-in.
// Apps listen for the "fazhi:live" event to do more with the same data (one request per page).
(function () {
  "use strict";
  var holder = document.querySelector("[data-live-url]");
  if (!holder) return;
  fetch(holder.getAttribute("data-live-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      if (!data) return;
      document.querySelectorAll("[data-live]").forEach(function (el) {
        var key = el.getAttribute("data-live");
        if (Object.prototype.hasOwnProperty.call(data, key)) el.textContent = String(data[key]);
      });
      document.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) {
        input.value = data.csrf_token || "";
      });
      document.dispatchEvent(new CustomEvent("fazhi:live", { detail: data }));
    })
    .catch(function () { /* counts stay blank; the page itself still reads fine */ });
})();
