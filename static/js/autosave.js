/* Autosave for forms marked .autosave (ratings, plan cells, a step's status and due date in the
 * row that lists it) (progressive enhancement: without JavaScript each form posts
 * with its Save button). Saves as the person works, one request in flight per page; a save
 * carries the version it was made against, and a 409 shows both versions and lets the
 * person choose: nothing is silently overwritten. Failed saves are retried, never dropped.
 * Each form's `data-unsaved` says whether it holds changes not saved yet (unsaved.js asks
 * before the person leaves with any, or with a conflict open). */
(function () {
  "use strict";
  var forms = Array.prototype.slice.call(document.querySelectorAll("form.autosave"));
  if (!forms.length || !window.fetch) return;

  var queue = [];          // forms waiting to be saved, in order, each at most once
  var inFlight = false;
  var timers = new Map();
  var progress = document.querySelectorAll(".progress .rated-count");

  function status(form, text, kind) {
    var el = form.querySelector(".save-status");
    el.textContent = text;
    el.className = "save-status" + (kind ? " save-" + kind : "");
  }

  function enqueue(form) {
    form.dataset.unsaved = "1";
    if (form.dataset.conflict === "1") return;   // waiting for the person to choose
    if (queue.indexOf(form) === -1) queue.push(form);
    status(form, "Unsaved changes…", "pending");
    pump();
  }

  function later(form, ms) {
    form.dataset.unsaved = "1";
    status(form, "Unsaved changes…", "pending");
    clearTimeout(timers.get(form));
    timers.set(form, setTimeout(function () {
      timers.delete(form);   // spent: leaving the levels later must not save again
      enqueue(form);
    }, ms));
  }

  function versionInput(form) { return form.querySelector("input[name$='-version']"); }

  // A form edited in place (a plan cell in its table cell) shows what was saved beside it.
  function refreshShown(form) {
    var holder = form.closest("td");
    if (!holder) return;
    holder.querySelectorAll("[data-show]").forEach(function (el) {
      var field = form.querySelector("[name$='-" + el.dataset.show + "']");
      if (!field) return;
      if (field.tagName === "SELECT") {
        el.textContent = field.options[field.selectedIndex].text;
        el.className = "status status-" + field.value;
      } else {
        el.textContent = field.value.trim() || "—";
      }
    });
  }

  // A step's row says whether it is overdue, as the server judges it (on the district's clock).
  function markOverdue(form, overdue) {
    var row = form.closest("tr");
    if (!row) return;
    row.classList.toggle("is-overdue", overdue);
    row.querySelectorAll(".step-overdue").forEach(function (el) { el.hidden = !overdue; });
  }

  // The dimension navigator says which dimensions have a level, as saved.
  function markNavigator(form) {
    var link = document.querySelector(".dimension-nav a[href='#" + form.id + "']");
    if (!link) return;
    var rated = !!form.querySelector("input[type=radio]:checked");
    link.classList.toggle("is-rated", rated);
    var state = link.querySelector(".state");
    if (state) state.textContent = rated ? "rated" : "not rated yet";
  }

  function pump() {
    if (inFlight || !queue.length) return;
    var form = queue.shift();
    inFlight = true;
    status(form, "Saving…", "pending");
    waypoint.sendForm(form).then(function (response) {
      return response.json().then(function (data) { return { code: response.status, data: data }; });
    }).then(function (result) {
      if (result.code === 200) {
        versionInput(form).value = result.data.version;
        // the time on the district's clock, as the server says it (the same after a reload)
        var t = result.data.saved_at_text ||
          new Date(result.data.saved_at).toLocaleTimeString([], { hour: "numeric", minute: "2-digit" });
        status(form, "Saved at " + t, "ok");
        // saved, unless the person changed it again meanwhile (it waits its turn)
        form.dataset.unsaved = timers.has(form) || queue.indexOf(form) !== -1 ? "1" : "0";
        if ("rated" in result.data) progress.forEach(function (el) { el.textContent = result.data.rated; });
        markNavigator(form);
        refreshShown(form);
        if ("overdue" in result.data) markOverdue(form, result.data.overdue);
      } else if (result.code === 409) {
        showConflict(form, result.data);
      } else if (result.code === 400) {
        var errors = result.data.errors || {};
        var first = Object.keys(errors).map(function (k) { return errors[k][0].message; })[0];
        status(form, "Not saved: " + (first || "please check this rating."), "error");
      } else {
        throw new Error("HTTP " + result.code);
      }
    }).catch(function () {
      status(form, "Not saved (connection problem). Retrying…", "error");
      setTimeout(function () { enqueue(form); }, 3000);
    }).finally(function () {
      inFlight = false;
      pump();
    });
  }

  function text(tag, content) {
    var el = document.createElement(tag);
    el.textContent = content;
    return el;
  }

  function showConflict(form, data) {
    form.dataset.conflict = "1";
    var theirs = data.theirs;
    var old = form.querySelector(".conflict");
    if (old) old.remove();
    var box = document.createElement("div");
    box.className = "conflict";
    box.setAttribute("role", "alert");
    box.appendChild(text("p", data.message));
    var list = document.createElement("dl");
    theirs.shown.forEach(function (pair) {
      list.appendChild(text("dt", "Their " + pair[0].toLowerCase()));
      list.appendChild(text("dd", pair[1]));
    });
    box.appendChild(list);
    box.appendChild(text("p", "Your version is what the form shows now."));
    var keep = text("button", "Keep mine");
    keep.type = "button";
    keep.className = "button small";
    var take = text("button", "Use theirs");
    take.type = "button";
    take.className = "button secondary small";
    keep.addEventListener("click", function () {
      versionInput(form).value = theirs.version;
      delete form.dataset.conflict;
      box.remove();
      enqueue(form);
    });
    take.addEventListener("click", function () {
      versionInput(form).value = theirs.version;
      Object.keys(theirs.fields).forEach(function (name) {
        var value = theirs.fields[name] === null ? "" : String(theirs.fields[name]);
        form.querySelectorAll("[name$='-" + name + "']").forEach(function (input) {
          if (input.type === "radio") input.checked = input.value === value;
          else input.value = value;
        });
      });
      delete form.dataset.conflict;
      form.dataset.unsaved = "0";
      box.remove();
      refreshShown(form);
      status(form, "Their version is shown; nothing to save.", "ok");
    });
    box.appendChild(keep);
    box.appendChild(document.createTextNode(" "));
    box.appendChild(take);
    var fieldset = form.querySelector("fieldset");
    fieldset.insertBefore(box, form.querySelector(".levels") || fieldset.querySelector(".field"));
    status(form, "Not saved: saved elsewhere first. Choose a version above.", "error");
    keep.focus();
  }

  forms.forEach(function (form) {
    // A level is saved when it is chosen deliberately: at once for a click or the space bar,
    // but arrow keys, which move through the levels, save only once the person pauses or
    // leaves the levels. A date is saved the same way: typing one passes through other
    // dates (the year 0002 on the way to 2027), so it waits for a pause or for leaving it.
    var arrowedAt = 0;
    form.addEventListener("keydown", function (event) {
      if (event.key && event.key.indexOf("Arrow") === 0) arrowedAt = Date.now();
    });
    form.addEventListener("change", function (event) {
      if (event.target.type === "radio" && Date.now() - arrowedAt < 400) later(form, 1500);
      else if (event.target.type === "date") later(form, 1500);
      else if (event.target.type === "radio" || event.target.tagName === "SELECT") enqueue(form);
    });
    form.querySelectorAll(".levels, input[type=date]").forEach(function (part) {
      part.addEventListener("focusout", function (event) {
        if (part.contains(event.relatedTarget) || !timers.get(form)) return;
        clearTimeout(timers.get(form));
        timers.delete(form);
        enqueue(form);
      });
    });
    form.addEventListener("input", function (event) {
      if (event.target.tagName === "TEXTAREA") later(form, 800);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      enqueue(form);
    });
  });
})();
