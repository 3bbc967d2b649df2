/* Nothing typed is lost by leaving: on every page, before the person leaves with text in a
 * form that is not saved, or with a conflict still open ("Keep mine / Use theirs"), the
 * browser asks first. Loaded once by base.html; no page opts in.
 *
 * The forms it watches are those that post and hold text (a textarea or a text field; never
 * a sign-in form, which holds a password). Such a form holds unsaved text when:
 * - a script that saves it itself (autosave.js, the room's capture) says so in its
 *   `data-unsaved` attribute ("1" or "0"), or shows a conflict (`data-conflict="1"`);
 * - otherwise, when the server sent it back (refused, or saved elsewhere first) with text in
 *   it, or when a text field differs from what the page was loaded with.
 * Submitting a form lets the page go without asking about that form, and so does a link in a
 * conflict's message ("reload to take theirs"): that is the person's choice.
 *
 * Such a script sends its form with `waypoint.sendForm(form)`: the form's fields, posted with
 * the session's cookie, asking for the JSON answer the views give a script. */
(function () {
  "use strict";
  var TEXT = "textarea, input:not([type]), input[type=text], input[type=email], " +
    "input[type=url], input[type=search], input[type=tel], input[type=number]";
  var excused = [];   // forms the person submitted or chose to drop, on the way out

  function texts(form) {
    return Array.prototype.slice.call(form.querySelectorAll(TEXT));
  }

  function watched(form) {
    return form.method === "post" && !form.querySelector("input[type=password]") &&
      texts(form).length > 0;
  }

  function sentBack(form) {
    var loose = Array.prototype.some.call(document.querySelectorAll(".conflict"), function (el) {
      return !el.closest("form");   // a conflict told above its form
    });
    return (loose || !!form.querySelector(".conflict, .field-error, .errorlist, .usa-alert--error")) &&
      texts(form).some(function (field) { return field.value.trim() !== ""; });
  }

  function unsaved(form) {
    if (form.dataset.conflict === "1") return true;
    if (form.dataset.unsaved) return form.dataset.unsaved === "1";
    return sentBack(form) || texts(form).some(function (field) {
      return field.value !== field.defaultValue;
    });
  }

  window.waypoint = window.waypoint || {};
  window.waypoint.sendForm = function (form) {
    return fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json", "X-Requested-With": "fetch" },
      credentials: "same-origin"
    });
  };

  window.addEventListener("submit", function (event) {
    // Listened to last: a script that saves the form itself has prevented the submission.
    if (!event.defaultPrevented) excused.push(event.target);
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".conflict a[href]");
    if (link) excused.push(link.closest("form") || document);
  });

  window.addEventListener("pageshow", function () { excused = []; });

  window.addEventListener("beforeunload", function (event) {
    if (excused.indexOf(document) !== -1) return;
    var open = Array.prototype.some.call(document.forms, function (form) {
      return excused.indexOf(form) === -1 && watched(form) && unsaved(form);
    });
    if (open) {
      event.preventDefault();
      event.returnValue = "";   // older browsers ask only when this is set
    }
  });
})();
