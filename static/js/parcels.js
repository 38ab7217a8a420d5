// The intake table: keep the code field focused, so a USB scanner's keystrokes always land there.
// Progressive enhancement only: the page works without this file (the field has autofocus).
(function () {
  "use strict";
  var field = document.querySelector("[data-scan-field]");
  if (!field) {
    return;
  }
  var INTERACTIVE = "a, button, input, select, textarea, label, summary, [tabindex]";

  function focusField() {
    field.focus();
    // A kept (mistyped) code is selected, so the next scan replaces it. Only that one: a scanner
    // may already be typing into the autofocused field when this script runs, and selecting its
    // first characters would let the rest overwrite them.
    if (field.value && field.value === field.defaultValue) {
      field.select();
    }
  }

  // After an error the summary takes focus first, for screen readers; otherwise the field.
  var summary = document.querySelector(".errors-summary");
  if (summary) {
    summary.focus();
  } else {
    focusField();
  }

  // A click on the page's background brings the focus back to the field.
  document.addEventListener("click", function (event) {
    if (!event.target.closest(INTERACTIVE)) {
      focusField();
    }
  });

  // Scan, then Enter: with a parcel card on show, Enter in the empty code field takes that parcel
  // in (as complete unless another condition was ticked), so the hand on the scanner never needs
  // the mouse. A new scan in the field still shows the next parcel instead.
  var scanForm = field.form;
  var receiveForm = document.querySelector(".receive-form");
  if (scanForm && receiveForm) {
    scanForm.addEventListener("submit", function (event) {
      if (field.value.trim() === "") {
        event.preventDefault();
        receiveForm.requestSubmit();
      }
    });
  }

  // After the "Przyjmij" action, the next page load focuses the field (above); meanwhile do not
  // leave a scanner typing into a radio button or the note.
  document.addEventListener("submit", function (event) {
    if (event.target.classList.contains("receive-form")) {
      window.setTimeout(focusField, 0);
    }
  });
})();
