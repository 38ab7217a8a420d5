// Service worker of the intake page (scope /punkt/przyjecie only): the page and its static files
// are kept so that a reload in a hall without Wi-Fi still opens it. Intakes themselves are never
// cached or replayed here: the page's own queue (IndexedDB, idempotency keys) sends them.
"use strict";

var CACHE = "kmp-intake-v1";
var PAGE = new URL(self.registration.scope).pathname;
var OFFLINE_CARD = PAGE + "/bez-sieci";

// The page as the server sends it now, and every /static/ file it names (styles, scripts, the
// QR decoder, icons, fonts): read from the page itself, so no list here goes stale.
function keepPage() {
  return fetch(PAGE, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
    if (!response.ok || response.redirected) {
      return null; // logged out: a login page must not be kept as the intake page
    }
    var copy = response.clone();
    return response.text().then(function (html) {
      var assets = [];
      var pattern = /["'](\/static\/[^"'?#\s]+)/g;
      var match;
      while ((match = pattern.exec(html))) {
        if (assets.indexOf(match[1]) < 0) {
          assets.push(match[1]);
        }
      }
      // The page last: once it is kept, so is everything it needs.
      assets.push(OFFLINE_CARD);
      return caches.open(CACHE).then(function (cache) {
        return cache.addAll(assets).then(function () { return cache.put(PAGE, copy); });
      });
    });
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(keepPage().catch(function () { return null; }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) { return name !== CACHE; }).map(function (name) {
        return caches.delete(name);
      }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return;
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate" && url.pathname === PAGE) {
    event.respondWith(pageFromNetworkOrCache(request, url));
  } else if (url.pathname.indexOf("/static/") === 0 || url.pathname === OFFLINE_CARD) {
    event.respondWith(staticFile(request));
  }
});

// Online the page comes from the server (fresh card, fresh CSRF token); offline, the kept copy
// of the bare page, whatever code was asked for: the script then shows the offline card.
function pageFromNetworkOrCache(request, url) {
  return fetch(request).then(function (response) {
    if (response.ok && !response.redirected && !url.search) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { return cache.put(PAGE, copy); });
    }
    return response;
  }, function () {
    return caches.match(PAGE).then(function (kept) {
      return kept || Response.error();
    });
  });
}

// Static files and the offline card: the network when it answers (a new release is picked up), the kept copy otherwise.
function staticFile(request) {
  return fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { return cache.put(request, copy); });
    }
    return response;
  }, function () {
    return caches.match(request, { ignoreSearch: true }).then(function (kept) {
      return kept || Response.error();
    });
  });
}
