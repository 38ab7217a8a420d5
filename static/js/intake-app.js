// The intake page as a phone app: camera scanning, an offline queue of intakes, a service worker.
// Progressive enhancement: without this file (or without a camera) the typed field works as before.
(function () {
  "use strict";
  var panel = document.querySelector("[data-intake-app]");
  var slot = document.querySelector("[data-card-slot]");
  var field = document.querySelector("[data-scan-field]");
  if (!panel || !slot || !field) {
    return;
  }
  var scanForm = field.form;
  var message = panel.querySelector("[data-camera-message]");
  var STORE = "queue";
  var CONFLICTS = "conflicts";
  var CODE_SHAPE = /^[A-Z0-9]{3,8}[A-Z0-9]{5}[A-Z0-9]$/;

  function text(name, code) {
    return (panel.getAttribute("data-msg-" + name) || "").replace("{code}", code || "");
  }

  function say(value) {
    // Emptied first, so the same sentence twice in a row is announced twice.
    message.textContent = "";
    window.setTimeout(function () { message.textContent = value; }, 30);
  }

  // A slip's QR holds its address (…/p/KMP26-7KQ4M-X); a scanner or a person may give the code.
  function codeFrom(raw) {
    var value = String(raw || "").trim();
    var at = value.lastIndexOf("/p/");
    if (at >= 0) {
      value = value.slice(at + 3).split(/[?#]/)[0].replace(/\/+$/, "");
    }
    try {
      value = decodeURIComponent(value);
    } catch (error) {
      return "";
    }
    return value.toUpperCase().replace(/[\s-]+/g, "");
  }

  function display(code) {
    // KMP267KQ4MX → KMP26-7KQ4M-X: the prefix is what is left before the body and check.
    return code.length > 6 ? code.slice(0, -6) + "-" + code.slice(-6, -1) + "-" + code.slice(-1) : code;
  }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  // --- IndexedDB: the queue (in scan order) and the conflicts to show, both survive a reload ---

  var dbPromise = null;
  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var request = window.indexedDB.open("kmp-intake", 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore(STORE, { keyPath: "seq", autoIncrement: true });
          request.result.createObjectStore(CONFLICTS, { keyPath: "seq", autoIncrement: true });
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return dbPromise;
  }

  function tx(storeName, mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(storeName, mode);
        var result = work(transaction.objectStore(storeName));
        transaction.oncomplete = function () { resolve(result && "result" in result ? result.result : result); };
        transaction.onerror = function () { reject(transaction.error); };
      });
    });
  }

  // A shared phone: each volunteer sees and sends only their own intakes (the receipt names who
  // took the parcel in); another's wait until that person logs in here again.
  var me = panel.getAttribute("data-user");

  function all(storeName) {
    return tx(storeName, "readonly", function (store) { return store.getAll(); }).then(function (items) {
      return items.filter(function (item) { return item.user === me; });
    });
  }

  // --- what the volunteer sees of the queue ---

  var queuePanel = document.querySelector("[data-queue]");
  var conflictsPanel = document.querySelector("[data-conflicts]");

  function renderQueue() {
    return Promise.all([all(STORE), all(CONFLICTS)]).then(function (lists) {
      var waiting = lists[0];
      var conflicts = lists[1];
      queuePanel.hidden = waiting.length === 0;
      queuePanel.querySelector("[data-queue-count]").textContent = String(waiting.length);
      fill(queuePanel.querySelector("[data-queue-list]"), waiting.map(function (item) {
        return display(item.code);
      }));
      conflictsPanel.hidden = conflicts.length === 0;
      fill(conflictsPanel.querySelector("[data-conflicts-list]"), conflicts.map(function (item) {
        return display(item.code) + ": " + item.message;
      }));
    });
  }

  function fill(list, lines) {
    list.textContent = "";
    lines.forEach(function (line) {
      var li = document.createElement("li");
      li.textContent = line;
      list.appendChild(li);
    });
  }

  conflictsPanel.querySelector("[data-conflicts-clear]").addEventListener("click", function () {
    all(CONFLICTS).then(function (mine) {
      return tx(CONFLICTS, "readwrite", function (store) {
        mine.forEach(function (item) { store.delete(item.seq); });
      });
    }).then(renderQueue);
    field.focus();
  });

  function enqueue(entry) {
    return all(STORE).then(function (waiting) {
      if (waiting.some(function (item) { return item.code === entry.code; })) {
        say(text("already-queued", display(entry.code)));
        return false;
      }
      entry.key = newKey();
      entry.user = me;
      entry.queuedAt = new Date().toISOString();
      return tx(STORE, "readwrite", function (store) { store.add(entry); }).then(function () {
        return true;
      });
    });
  }

  // --- sending the queue: in order, one at a time, each with its own idempotency key ---

  var flushing = false;

  function flush() {
    if (flushing || !navigator.onLine) {
      return Promise.resolve();
    }
    flushing = true;
    var run = function () { return sendAll().then(done, done); };
    var done = function () { flushing = false; return renderQueue(); };
    // One tab at a time sends (two tabs would only repeat a key, but the order matters).
    if (navigator.locks && navigator.locks.request) {
      return navigator.locks.request("kmp-intake-queue", run);
    }
    return run();
  }

  function sendAll() {
    return all(STORE).then(function (waiting) {
      if (!waiting.length) {
        return null;
      }
      return freshToken().then(function (token) {
        var chain = Promise.resolve(true);
        waiting.forEach(function (item) {
          chain = chain.then(function (goOn) { return goOn ? send(item, token) : false; });
        });
        return chain;
      });
    });
  }

  function freshToken() {
    return fetch(panel.getAttribute("data-token-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!isJson(response)) {
          say(text("login"));
          throw new Error("not logged in");
        }
        return response.json();
      })
      .then(function (body) { return body.csrf_token; });
  }

  function isJson(response) {
    return !response.redirected && (response.headers.get("Content-Type") || "").indexOf("json") >= 0;
  }

  // Resolves true to go on with the next item, false to stop and keep the rest for later.
  function send(item, token) {
    return fetch(panel.getAttribute("data-queue-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token, "Idempotency-Key": item.key },
      body: JSON.stringify({ code: item.code, condition: item.condition, note: item.note || "", claim: item.claim }),
    }).then(function (response) {
      if (!isJson(response) || response.status >= 500) {
        return false; // logged out, a proxy's error page, a server error: try again later
      }
      return response.json().then(function (body) {
        return settle(item, response.ok, body).then(function () { return true; });
      });
    }, function () {
      return false; // the network dropped again
    });
  }

  function settle(item, ok, body) {
    var removal = tx(STORE, "readwrite", function (store) { store.delete(item.seq); });
    return removal.then(function () {
      if (item.code === awaiting) {
        awaiting = null;
        showResult(body.message, ok);
      } else {
        say(body.message);
      }
      if (!ok) {
        return tx(CONFLICTS, "readwrite", function (store) {
          store.add({ code: item.code, message: body.message, user: me, at: new Date().toISOString() });
        });
      }
      return null;
    });
  }

  // --- the card area: filled from the server when online, a small offline card otherwise ---

  var scanning = { active: false, paused: false, last: "" };
  var current = null; // the parcel whose card is on show with its "Przyjmij" button
  var awaiting = null; // the parcel just confirmed here: its answer replaces the card

  function showCard(code) {
    current = code;
    if (!navigator.onLine) {
      showOfflineCard(code);
      return Promise.resolve();
    }
    var url = panel.getAttribute("data-card-url") + "?code=" + encodeURIComponent(code);
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      return response.text().then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.querySelector("[data-card-slot]");
        if (!fresh) {
          throw new Error("no card");
        }
        slot.innerHTML = fresh.innerHTML;
        afterCard();
      });
    }).catch(function () {
      showOfflineCard(code);
    });
  }

  // The offline card, fetched while the page opens (the service worker keeps a copy for offline).
  var offlineCard = fetch(panel.getAttribute("data-offline-card-url"), { credentials: "same-origin" })
    .then(function (response) { return response.ok && !response.redirected ? response.text() : ""; })
    .catch(function () { return ""; });

  function showOfflineCard(code) {
    return offlineCard.then(function (html) {
      var card = new DOMParser().parseFromString(html, "text/html").querySelector(".parcel-card");
      if (!card) {
        // Not even the kept card: queue it as complete, the usual case, and say so.
        return queueIntake({ code: code, condition: "complete", note: "", claim: null });
      }
      slot.textContent = "";
      slot.appendChild(document.importNode(card, true));
      slot.querySelector("[data-offline-code]").textContent = display(code);
      slot.querySelector("form").setAttribute("data-code", code);
      afterCard();
      if (!scanning.active) {
        slot.querySelector("button[type=submit]").focus();
      }
    });
  }

  function afterCard() {
    var form = slot.querySelector(".receive-form");
    scanning.paused = scanning.active && !!form;
    if (form && scanning.active && autoBox.checked) {
      // A stack of parcels: each one read is taken in as complete, its card stays in view.
      form.requestSubmit();
      return;
    }
    if (form && scanning.active) {
      var skip = document.createElement("button");
      skip.type = "button";
      skip.className = "button button-secondary";
      skip.textContent = text("skip");
      skip.addEventListener("click", function () {
        slot.textContent = "";
        current = null;
        scanning.paused = false;
      });
      form.appendChild(skip);
      form.querySelector("button[type=submit]").focus();
    }
  }

  // The answer takes the place of the card's form (the card stays readable), or of the slot.
  function showResult(value, ok) {
    var box = document.createElement("p");
    box.className = ok ? "intake-done" : "notice";
    box.setAttribute("role", ok ? "status" : "alert");
    box.textContent = value;
    box.setAttribute("data-result", "");
    var form = slot.querySelector(".parcel-card [data-result], .parcel-card .receive-form");
    if (form) {
      form.replaceWith(box);
    } else {
      slot.textContent = "";
      slot.appendChild(box);
    }
  }

  // "Przyjmij" goes through the queue when the card came from the camera or the network is down;
  // otherwise the ordinary form post (and its page) as before.
  slot.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList.contains("receive-form")) {
      return;
    }
    var offline = form.hasAttribute("data-offline-form") || !navigator.onLine;
    if (!offline && !scanning.active) {
      return;
    }
    event.preventDefault();
    var code = form.getAttribute("data-code") || codeFrom(form.elements.code && form.elements.code.value);
    var chosen = form.querySelector("input[name=condition]:checked");
    var note = form.elements.note ? form.elements.note.value : "";
    var claim = form.getAttribute("data-claim");
    queueIntake({
      code: code,
      condition: chosen ? chosen.value : "complete",
      note: note,
      claim: claim ? Number(claim) : null,
    });
  });

  function queueIntake(entry) {
    var code = entry.code;
    return enqueue(entry).then(function (added) {
      current = null;
      awaiting = added ? code : awaiting;
      scanning.paused = false;
      if (added) {
        showResult(text(navigator.onLine ? "sending" : "queued", display(code)), true);
      }
      return renderQueue().then(flush);
    }).then(function () {
      if (!scanning.active) {
        field.value = "";
        field.focus();
      }
    });
  }

  // Offline, the typed (or USB-scanned) code cannot load its card: show the offline card instead.
  if (scanForm) {
    scanForm.addEventListener("submit", function (event) {
      var code = codeFrom(field.value);
      if (navigator.onLine || !code) {
        return;
      }
      event.preventDefault();
      field.value = "";
      current = code;
      showOfflineCard(code);
    });
  }

  // --- the camera ---

  var autoBox = panel.querySelector("[data-camera-auto]");
  try {
    autoBox.checked = window.localStorage.getItem("kmp-intake-auto") !== "0";
  } catch (error) {
    autoBox.checked = true;
  }
  autoBox.addEventListener("change", function () {
    try {
      window.localStorage.setItem("kmp-intake-auto", autoBox.checked ? "1" : "0");
    } catch (error) {
      return; // storage refused (private mode): the choice holds for this page only
    }
  });
  var startButton = panel.querySelector("[data-camera-start]");
  var stopButton = panel.querySelector("[data-camera-stop]");
  var view = panel.querySelector("#camera-view");
  var video = panel.querySelector("[data-camera-video]");
  var canvas = document.createElement("canvas");
  var detector = null;
  var stream = null;
  var audio = null;

  function loadDecoder() {
    if ("BarcodeDetector" in window) {
      return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
        if (formats.indexOf("qr_code") >= 0) {
          detector = new window.BarcodeDetector({ formats: ["qr_code"] });
          return;
        }
        return loadScript();
      }, loadScript);
    }
    return loadScript();
  }

  function loadScript() {
    if (window.jsQR) {
      return Promise.resolve();
    }
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = panel.getAttribute("data-decoder-url");
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function startCamera() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say(text("absent"));
      return;
    }
    // Created on the press itself: browsers allow sound only after a gesture.
    if (!audio && (window.AudioContext || window.webkitAudioContext)) {
      audio = new (window.AudioContext || window.webkitAudioContext)();
    }
    var constraints = { audio: false, video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 } } };
    navigator.mediaDevices.getUserMedia(constraints).then(function (camera) {
      stream = camera;
      return loadDecoder();
    }).then(function () {
      video.srcObject = stream;
      return video.play();
    }).then(function () {
      scanning.active = true;
      scanning.paused = !!(current && slot.querySelector(".receive-form"));
      view.hidden = false;
      stopButton.hidden = false;
      startButton.setAttribute("aria-expanded", "true");
      startButton.hidden = true;
      say(text("looking"));
      stopButton.focus();
      window.setTimeout(tick, 200);
    }).catch(function (error) {
      stopStream();
      var name = error && error.name;
      if (name === "NotAllowedError" || name === "SecurityError") {
        say(text("refused"));
      } else if (name === "NotFoundError" || name === "OverconstrainedError" || name === "NotReadableError") {
        say(text("absent"));
      } else {
        say(text("failed"));
      }
      field.focus();
    });
  }

  function stopStream() {
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
    }
    stream = null;
    video.srcObject = null;
  }

  function stopCamera() {
    scanning.active = false;
    stopStream();
    view.hidden = true;
    stopButton.hidden = true;
    startButton.hidden = false;
    startButton.setAttribute("aria-expanded", "false");
    say(text("stopped"));
    startButton.focus();
  }

  function tick() {
    if (!scanning.active) {
      return;
    }
    var next = function () { window.setTimeout(tick, 150); };
    if (scanning.paused || video.readyState < 2) {
      next();
      return;
    }
    read().then(function (raw) {
      var code = raw ? codeFrom(raw) : "";
      if (code && CODE_SHAPE.test(code) && code !== scanning.last && scanning.active && !scanning.paused) {
        scanning.last = code;
        found(code);
      }
    }).catch(function () { return null; }).then(next);
  }

  function read() {
    if (detector) {
      return detector.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : ""; });
    }
    // Scaled down: jsQR's time grows with the pixels, and a slip's QR is large in the frame.
    var scale = Math.min(1, 800 / (video.videoWidth || 800));
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    var context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    var image = context.getImageData(0, 0, canvas.width, canvas.height);
    var result = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
    return Promise.resolve(result ? result.data : "");
  }

  function found(code) {
    beep();
    if (navigator.vibrate) {
      navigator.vibrate(150);
    }
    say(text("read", display(code)));
    showCard(code);
  }

  function beep() {
    if (!audio) {
      return;
    }
    var oscillator = audio.createOscillator();
    var gain = audio.createGain();
    oscillator.frequency.value = 1046;
    gain.gain.value = 0.15;
    oscillator.connect(gain);
    gain.connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + 0.12);
  }

  startButton.addEventListener("click", startCamera);
  stopButton.addEventListener("click", stopCamera);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && scanning.active) {
      stopCamera();
    }
  });

  // --- start: show the panel, the queue as stored, send it when the network is back ---

  panel.hidden = false;
  if (window.indexedDB) {
    renderQueue().then(flush);
    window.addEventListener("online", flush);
    window.setInterval(flush, 20000);
  }
  if (navigator.serviceWorker) {
    navigator.serviceWorker
      .register(panel.getAttribute("data-worker-url"), { scope: panel.getAttribute("data-worker-scope") })
      .catch(function () { return null; });
  }
})();
