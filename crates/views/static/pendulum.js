// Pendulum's own script: small progressive enhancements. Every page works without it.
//
// 1. A form refused by the server comes back with an error summary
//    (`.error-summary`, see crates/views/src/forms.rs): focus it and bring it into view,
//    so that the message is seen and read out, not left below the fold. The older
//    refusal message of the admin pages (`.message-error`) is focused alike until they
//    take the summary too.
// 2. A form whose fields carry `data-kinds` (the record form of a person's page) shows only
//    the fields that apply to the kind of change chosen; the others are hidden and
//    disabled, so they are not sent either.
(function () {
  "use strict";

  function focusSummary(root) {
    var summary = root.querySelector(".error-summary, .message-error[role=alert]");
    if (!summary) {
      return;
    }
    if (!summary.hasAttribute("tabindex")) {
      summary.setAttribute("tabindex", "-1");
    }
    summary.focus({ preventScroll: true });
    summary.scrollIntoView({ block: "start" });
  }

  function fieldsForKind(form) {
    var select = form.querySelector("select[name=kind]");
    if (!select) {
      return;
    }
    var apply = function () {
      var kind = select.value;
      form.querySelectorAll("[data-kinds]").forEach(function (field) {
        var applies = field.getAttribute("data-kinds").split(" ").indexOf(kind) >= 0;
        field.hidden = !applies;
        field.querySelectorAll("input, select, textarea").forEach(function (input) {
          input.disabled = !applies;
        });
      });
    };
    select.addEventListener("change", apply);
    apply();
  }

  function enhance(root) {
    root.querySelectorAll("form").forEach(function (form) {
      if (form.querySelector("[data-kinds]")) {
        fieldsForKind(form);
      }
    });
    focusSummary(root);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      enhance(document);
    });
  } else {
    enhance(document);
  }
  // htmx swaps in new content without a page load: enhance what arrived.
  document.addEventListener("htmx:afterSettle", function (event) {
    enhance(event.detail && event.detail.elt ? event.detail.elt : document);
  });
})();

// 3. A change's preview (`.record-preview` in a person's record form) answered by the
//    server: bring it into view and focus it, unless an error summary took the focus.
(function () {
  "use strict";
  function focusPreview(root) {
    if (root.querySelector(".error-summary")) {
      return;
    }
    var preview = root.querySelector(".record-preview[tabindex]");
    if (preview) {
      preview.focus({ preventScroll: true });
      preview.scrollIntoView({ block: "start" });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      focusPreview(document);
    });
  } else {
    focusPreview(document);
  }
})();
