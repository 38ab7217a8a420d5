// Letters: keyboard help for entering many letters in a row. Everything works without it.
(function () {
  "use strict";
  var form = document.querySelector("form[data-letter-form]");
  if (!form) {
    return;
  }
  // A refused letter: the summary of what to fix takes focus (as on the other forms), not the
  // autofocused age field, so the person hears what is wrong and can jump to the field.
  var summary = document.querySelector(".errors-summary");
  if (summary) {
    summary.focus();
  }
  // Ctrl+Enter (Cmd+Enter) in a text area submits with the form's default button, as Enter does
  // in a one-line field: "save and add next" on a new letter.
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) {
      return;
    }
    if (event.target.tagName !== "TEXTAREA") {
      return;
    }
    event.preventDefault();
    var button = form.querySelector("button[type=submit], input[type=submit]");
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit(button || undefined);
    } else if (button) {
      button.click();
    }
  });
  // Typing the gender as a letter (d/k/f: dziewczynka, c/m: chłopiec) while on the gender radios.
  var keys = { d: "f", k: "f", f: "f", c: "m", m: "m" };
  form.addEventListener("keydown", function (event) {
    var target = event.target;
    if (target.name !== "gender" || target.type !== "radio") {
      return;
    }
    var value = keys[event.key && event.key.toLowerCase()];
    var option = value && form.querySelector("input[name=gender][value=" + value + "]");
    if (option) {
      event.preventDefault();
      option.checked = true;
      option.focus();
    }
  });
})();
