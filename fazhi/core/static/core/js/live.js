// Fills in what is live or personal on an otherwise identical page. The shared live JSON (counts,
// the same for every reader, cached for seconds) is fetched without cookies; the personal mode
// (?me=1: CSRF token, sign-in state) only when the reader is signed in (the fazhi_session marker),
// has just written (digg, comment), or is about to: window.fazhiLive.personal(), which the
// comment and digg scripts call on focus or click. Apps listen for the "fazhi:live" event.
(function () {
  "use strict";
  var holder = document.querySelector("[data-live-url]");
  if (!holder) return;
  var url = holder.getAttribute("data-live-url");
  var ACTED = "fazhi:acted"; // sessionStorage: when this reader last wrote (ms)
  var ACTED_MS = 60000; // that long, their own page view asks for exact (personal) data
  var personal = null;

  function get(address, credentials) {
    return fetch(address, { credentials: credentials, headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); });
  }

  function apply(data) {
    document.querySelectorAll("[data-live]").forEach(function (el) {
      var key = el.getAttribute("data-live");
      if (Object.prototype.hasOwnProperty.call(data, key)) el.textContent = String(data[key]);
    });
    if (data.csrf_token) {
      document.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) {
        input.value = data.csrf_token;
      });
    }
    document.dispatchEvent(new CustomEvent("fazhi:live", { detail: data }));
    return data;
  }

  function loadPersonal() {
    if (!personal) {
      personal = get(url + "?me=1", "same-origin").then(apply);
      personal.catch(function () { personal = null; });
    }
    return personal;
  }

  function acted() {
    try { sessionStorage.setItem(ACTED, String(Date.now())); } catch (e) { /* private mode */ }
  }

  function actedRecently() {
    try { return Date.now() - Number(sessionStorage.getItem(ACTED) || 0) < ACTED_MS; } catch (e) { return false; }
  }

  window.fazhiLive = { personal: loadPersonal, acted: acted };
  var signedIn = /(?:^|;\s*)fazhi_session=/.test(document.cookie);
  (signedIn || actedRecently() ? loadPersonal() : get(url, "omit").then(apply))
    .catch(function () { /* counts stay blank; the page itself still reads fine */ });
})();
