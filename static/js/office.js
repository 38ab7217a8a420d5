// Content editing, progressive enhancement only: the forms work the same without this file.
(function () {
  "use strict";
  // "Publish now" makes the publication date irrelevant: grey the date out while it is ticked.
  function syncPublishDate() {
    var now = document.getElementById("publish_now");
    var date = document.getElementById("published_at");
    if (!now || !date) {
      return;
    }
    date.disabled = now.checked;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var now = document.getElementById("publish_now");
    if (now) {
      now.addEventListener("change", syncPublishDate);
      syncPublishDate();
    }
    // After a refused save, take the keyboard and screen reader to the list of problems.
    var summary = document.querySelector(".errors-summary");
    if (summary) {
      summary.focus();
    }
  });
})();
