// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Forms marked data-confirm ask before a destructive action (cancel a claim, withdraw a letter).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    // One submit per click: a double click must not send the form twice.
    if (form.dataset.submitted === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "1";
    window.setTimeout(function () { form.dataset.submitted = ""; }, 4000);
  });
})();

// Logging out forgets what the intake page kept for working offline (the page names the
// volunteer; the next person on a shared phone must not open it from the cache): its service
// worker and its caches go before the logout is sent. The offline queue stays: each entry
// belongs to its volunteer and is sent when they sign in again.
(function () {
  "use strict";
  var OFFLINE_CACHE = "kmp-intake";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-forget-offline") || form.dataset.forgotten === "1") {
      return;
    }
    if (!window.caches && !navigator.serviceWorker) {
      return;
    }
    event.preventDefault();
    form.dataset.forgotten = "1";
    var caches = window.caches
      ? window.caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf(OFFLINE_CACHE) === 0;
        }).map(function (name) { return window.caches.delete(name); }));
      })
      : Promise.resolve();
    var workers = navigator.serviceWorker
      ? navigator.serviceWorker.getRegistrations().then(function (registrations) {
        return Promise.all(registrations.map(function (registration) {
          return registration.unregister();
        }));
      })
      : Promise.resolve();
    // A browser that hangs on its storage must not keep anyone signed in: log out anyway.
    var enough = new Promise(function (resolve) { window.setTimeout(resolve, 2000); });
    var send = function () { form.submit(); };
    Promise.race([Promise.all([caches, workers]), enough]).then(send, send);
  }, true);
})();
