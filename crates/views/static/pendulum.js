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

// 3. Disclosures that fold away only on a phone (the header's "Menu", the directory's
//    "Filters"; see pendulum.css) are opened on a wide screen, where the style sheet shows
//    their content anyway, so that they are open for assistive technology too, and
//    closed again when the screen narrows. After a boosted link (htmx swaps the content
//    and keeps the header) the phone's menu closes. Without this script a phone shows
//    them closed and a wide screen shows their content.
(function () {
  "use strict";

  var wide = window.matchMedia("(min-width: 40.01rem)");

  function fit(root) {
    root.querySelectorAll("details.site-menu, details.filters-disclosure").forEach(function (d) {
      if (wide.matches) {
        d.open = true;
      } else if (d.classList.contains("site-menu") || !d.hasAttribute("data-filtered")) {
        d.open = false;
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      fit(document);
    });
  } else {
    fit(document);
  }
  wide.addEventListener("change", function () {
    fit(document);
  });
  document.addEventListener("htmx:afterSettle", function () {
    fit(document);
  });
})();

// A "Copy" button (`button[data-copy=ID]`, beside the text field ID: an invitation link)
// puts the field's text on the clipboard and says so in the `.copy-status` beside it.
// Where the clipboard is not available (a page served over plain HTTP, an old browser),
// it selects the text instead, for the person to copy with their keyboard.
(function () {
  "use strict";

  function say(button, message) {
    var status = button.parentNode.querySelector(".copy-status");
    if (status) {
      status.textContent = message;
    }
  }

  function selectText(field, button) {
    field.focus();
    field.select();
    say(button, "Selected: copy it with Ctrl+C (⌘C on a Mac).");
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-copy]") : null;
    if (!button) {
      return;
    }
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) {
      return;
    }
    var text = field.value !== undefined ? field.value : field.textContent;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () {
          say(button, "Copied.");
        },
        function () {
          selectText(field, button);
        }
      );
    } else {
      selectText(field, button);
    }
  });
})();

// 4. The navigation marks the current page (`aria-current="page"`). htmx's boosted links
//    swap the content only, so after each navigation mark the entry again, by the rule
//    the server uses (`mark_current` in crates/web/src/shell.rs): the entry whose address
//    is the path, or else the longest one the path lies under; the home page matches only
//    itself.
(function () {
  "use strict";

  function markCurrent(path) {
    document.querySelectorAll("header nav").forEach(function (nav) {
      var best = null;
      var bestLength = -1;
      var links = nav.querySelectorAll("a[href]");
      links.forEach(function (link) {
        var href = new URL(link.getAttribute("href"), window.location.href).pathname;
        var stem = href.replace(/\/+$/, "");
        var under = path === href || (href !== "/" && path.indexOf(stem + "/") === 0);
        if (under && href.length > bestLength) {
          best = link;
          bestLength = href.length;
        }
      });
      links.forEach(function (link) {
        if (link === best) {
          link.setAttribute("aria-current", "page");
        } else {
          link.removeAttribute("aria-current");
        }
      });
    });
  }

  function fromEvent(event) {
    var path = event.detail && event.detail.path;
    markCurrent(path ? new URL(path, window.location.href).pathname : window.location.pathname);
  }

  document.addEventListener("htmx:pushedIntoHistory", fromEvent);
  document.addEventListener("htmx:replacedInHistory", fromEvent);
  document.addEventListener("htmx:historyRestore", fromEvent);
  document.addEventListener("htmx:afterSettle", function () {
    markCurrent(window.location.pathname);
  });
})();

// 5. A change's preview (`.record-preview` in a person's record form) answered by the
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

// A check's "line 107, column 15" puts the cursor there in the editor's textarea
// (templates/versions/publish.html): links with data-goto-line and data-goto-column, and
// the publish page opened with ?line=&column= (from the lint report). Without JavaScript
// the link still leads to the textarea.
(function () {
  "use strict";

  // The offset in the textarea's value of 1-based `line` and `column` (in characters, as
  // the check counts them; a character beyond the Basic Multilingual Plane is two units
  // of a JavaScript string).
  function offsetOf(text, line, column) {
    var lines = text.split("\n");
    var target = Math.min(Math.max(line, 1), lines.length) - 1;
    var offset = 0;
    for (var i = 0; i < target; i++) {
      offset += lines[i].length + 1;
    }
    var chars = Array.from(lines[target]);
    var before = chars.slice(0, Math.min(Math.max(column, 1) - 1, chars.length)).join("");
    return offset + before.length;
  }

  function gotoSource(textarea, line, column) {
    if (!textarea || !(line > 0)) {
      return;
    }
    var offset = offsetOf(textarea.value, line, column || 1);
    textarea.focus({ preventScroll: true });
    textarea.setSelectionRange(offset, offset);
    // Scroll the textarea to the line, then the page to the textarea.
    var style = window.getComputedStyle(textarea);
    var lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2 || 16;
    textarea.scrollTop = Math.max(0, (line - 3) * lineHeight);
    textarea.scrollIntoView({ block: "center" });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-goto-line]") : null;
    if (!link) {
      return;
    }
    var textarea = document.getElementById(link.getAttribute("data-goto-target") || "publish-yaml");
    if (!textarea) {
      return;
    }
    event.preventDefault();
    gotoSource(
      textarea,
      parseInt(link.getAttribute("data-goto-line"), 10),
      parseInt(link.getAttribute("data-goto-column"), 10)
    );
  });

  function fromAddress() {
    var textarea = document.getElementById("publish-yaml");
    if (!textarea || textarea.tagName !== "TEXTAREA" || !window.URLSearchParams) {
      return;
    }
    var params = new URLSearchParams(window.location.search);
    var line = parseInt(params.get("line"), 10);
    if (line > 0) {
      gotoSource(textarea, line, parseInt(params.get("column"), 10) || 1);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fromAddress);
  } else {
    fromAddress();
  }
})();

// 6. The journal's entry form (templates/journal/form.html). The hands-on question follows
//    the kinds of work ticked ("Yes" when one of them is hands-on, "No" otherwise) until
//    the author answers it themselves, or it came answered (an entry being changed);
//    writing what was learned ticks "I learned something". Without JavaScript the question
//    may stay unanswered, and the server decides from the kinds the same way.
(function () {
  "use strict";

  var ANSWERED = "data-hands-on-answered";

  function prepare(root) {
    root.querySelectorAll("form[data-journal-form]").forEach(function (form) {
      if (form.querySelector("input[name=hands_on]:checked")) {
        form.setAttribute(ANSWERED, "");
      }
    });
  }

  function followKinds(form) {
    if (form.hasAttribute(ANSWERED)) {
      return;
    }
    var ticked = form.querySelectorAll("input[name=kinds]:checked");
    var yes = form.querySelector("input[name=hands_on][value=yes]");
    var no = form.querySelector("input[name=hands_on][value=no]");
    if (!yes || !no) {
      return;
    }
    if (ticked.length === 0) {
      yes.checked = false;
      no.checked = false;
      return;
    }
    var handsOn = form.querySelector("input[name=kinds][data-hands-on]:checked") !== null;
    yes.checked = handsOn;
    no.checked = !handsOn;
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    var form = input.closest ? input.closest("form[data-journal-form]") : null;
    if (!form) {
      return;
    }
    if (input.name === "hands_on") {
      form.setAttribute(ANSWERED, "");
    } else if (input.name === "kinds") {
      followKinds(form);
    }
  });

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (input.name !== "learned" || !input.closest) {
      return;
    }
    var form = input.closest("form[data-journal-form]");
    var box = form ? form.querySelector("input[name=learned_yes]") : null;
    if (box && input.value.trim() !== "") {
      box.checked = true;
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      prepare(document);
    });
  } else {
    prepare(document);
  }
  document.addEventListener("htmx:afterSettle", function (event) {
    prepare(event.detail && event.detail.elt ? event.detail.elt : document);
  });
})();
